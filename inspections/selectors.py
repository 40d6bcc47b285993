"""Reads for inspection pages."""

from dataclasses import dataclass

from django.db.models import Prefetch

from inspections.models import Force, Inspection, Judgment


@dataclass(frozen=True)
class AreaGrade:
    area: str
    grade: str | None  # None: the sources do not give this area's grade
    grade_slug: str | None


@dataclass(frozen=True)
class InspectionRow:
    inspection: Inspection
    grades: list[AreaGrade]


@dataclass(frozen=True)
class ForceRow:
    force: Force
    inspections: list[InspectionRow]


def forces_with_inspections(*, user) -> list[ForceRow]:
    """Return every force with the inspections the user may see, each area's grade or None."""
    inspections = (
        Inspection.objects.visible_to(user)
        .select_related("programme")
        .prefetch_related("programme__areas")
        .prefetch_related(Prefetch("judgments", Judgment.objects.select_related("grade")))
        .order_by("-published", "programme__name")
    )
    forces = Force.objects.prefetch_related(Prefetch("inspections", inspections))
    return [
        ForceRow(force=force, inspections=[_row(i) for i in force.inspections.all()])
        for force in forces
    ]


def _row(inspection: Inspection) -> InspectionRow:
    by_area = {judgment.area_id: judgment.grade for judgment in inspection.judgments.all()}
    grades = []
    for area in inspection.programme.areas.all():
        grade = by_area.get(area.pk)
        grades.append(AreaGrade(area.name, grade.name if grade else None,
                                grade.slug if grade else None))
    return InspectionRow(inspection=inspection, grades=grades)
