"""Reads for inspection pages."""

from dataclasses import dataclass

from django.db.models import Prefetch

from inspections.models import AssessmentArea, Force, Inspection, Judgment, Programme


@dataclass(frozen=True)
class GradeCell:
    area: AssessmentArea
    grade: str | None  # None: no source gives this area's grade
    grade_slug: str | None


@dataclass(frozen=True)
class InspectionRow:
    inspection: Inspection
    grades: list[GradeCell]


@dataclass(frozen=True)
class ProgrammeTable:
    programme: Programme
    areas: list[AssessmentArea]
    rows: list[InspectionRow]


@dataclass(frozen=True)
class Overview:
    tables: list[ProgrammeTable]
    forces_inspected: int
    forces_not_inspected: list[Force]


def inspection_overview(*, user) -> Overview:
    """Return, per programme, the inspections the user may see with each area's grade."""
    programmes = Programme.objects.select_related("scale").prefetch_related("areas")
    inspections = (
        Inspection.objects.visible_to(user)
        .select_related("force")
        .prefetch_related(Prefetch("judgments", Judgment.objects.select_related("grade")))
        .order_by("force__name", "-published")
    )
    by_programme: dict[int, list[Inspection]] = {}
    for inspection in inspections:
        by_programme.setdefault(inspection.programme_id, []).append(inspection)

    tables = []
    for programme in programmes:
        areas = list(programme.areas.all())
        rows = [_row(i, areas) for i in by_programme.get(programme.pk, [])]
        if rows:
            tables.append(ProgrammeTable(programme=programme, areas=areas, rows=rows))
    inspected = {i.force_id for group in by_programme.values() for i in group}
    return Overview(
        tables=tables,
        forces_inspected=len(inspected),
        forces_not_inspected=[f for f in Force.objects.all() if f.pk not in inspected],
    )


def _row(inspection: Inspection, areas: list[AssessmentArea]) -> InspectionRow:
    by_area = {judgment.area_id: judgment.grade for judgment in inspection.judgments.all()}
    cells = []
    for area in areas:
        grade = by_area.get(area.pk)
        cells.append(GradeCell(area, grade.name if grade else None, grade.slug if grade else None))
    return InspectionRow(inspection=inspection, grades=cells)
