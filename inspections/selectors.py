"""Reads for inspection pages."""

from dataclasses import dataclass

from django.core.validators import slug_re
from django.db.models import Prefetch
from django.http import QueryDict
from django.utils.html import format_html

from inspections import sorting
from inspections.models import AssessmentArea, Force, Inspection, Judgment, Programme


@dataclass(frozen=True)
class AreaGrade:
    """One area's grade in an inspection's row of the home page's table."""

    area: AssessmentArea
    grade: str | None  # None: no source gives this area's grade
    grade_slug: str | None
    score: int | None = None  # higher is better; for sorting


@dataclass(frozen=True)
class InspectionRow:
    inspection: Inspection
    grades: list[AreaGrade]


@dataclass(frozen=True)
class ProgrammeTable:
    programme: Programme
    areas: list[AssessmentArea]
    rows: list[InspectionRow]


@dataclass(frozen=True)
class InspectionOverview:
    """The home page: each force's latest inspection in each programme with its grades, and the
    forces with none."""

    tables: list[ProgrammeTable]
    forces_inspected: int
    forces_not_inspected: list[Force]


def inspection_overview(*, user) -> InspectionOverview:
    """Return, per programme, each force's latest inspection the user may see, with each area's
    grade: at most one row per force, whatever the number of inspections (latest as
    `InspectionQuerySet.latest_per_force` says). Earlier ones are on each force's page."""
    programmes = Programme.objects.select_related("scale").prefetch_related("areas")
    inspections = (
        Inspection.objects.visible_to(user)
        .latest_per_force()
        .select_related("force")
        .prefetch_related(Prefetch("judgments", Judgment.objects.select_related("grade")))
        .order_by("force__name", "pk")
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
    return InspectionOverview(
        tables=tables,
        forces_inspected=len(inspected),
        forces_not_inspected=[f for f in Force.objects.all() if f.pk not in inspected],
    )


def _row(inspection: Inspection, areas: list[AssessmentArea]) -> InspectionRow:
    by_area = {judgment.area_id: judgment.grade for judgment in inspection.judgments.all()}
    cells = []
    for area in areas:
        grade = by_area.get(area.pk)
        cells.append(
            AreaGrade(area, *((grade.name, grade.slug, grade.score) if grade else (None, None)))
        )
    return InspectionRow(inspection=inspection, grades=cells)


@dataclass(frozen=True)
class AreaSection:
    area: AssessmentArea
    judgment: Judgment | None
    findings: dict[str, list]  # finding kind → findings, in report order
    statistics: list
    other_figures: list


@dataclass(frozen=True)
class InspectionReport:
    inspection: Inspection
    sections: list[AreaSection]


def inspection_report(*, slug: str, user) -> InspectionReport:
    """The whole structured report of an inspection the user may see, area by area."""
    from django.shortcuts import get_object_or_404

    from findings.models import Finding

    inspection = get_object_or_404(
        Inspection.objects.visible_to(user).select_related("force", "programme"), slug=slug
    )
    judgments = {j.area_id: j for j in inspection.judgments.select_related("grade")}
    findings = inspection.findings.prefetch_related("themes", "recommendations").order_by(
        "position"
    )
    statistics = inspection.statistics.select_related("indicator", "measure__indicator").order_by(
        "position"
    )
    figures = inspection.other_figures.order_by("position")
    sections = []
    for area in inspection.programme.areas.all():
        by_kind: dict[str, list] = {kind: [] for kind in Finding.Kind.values}
        for finding in findings:
            if finding.area_id == area.pk:
                by_kind[finding.kind].append(finding)
        sections.append(
            AreaSection(
                area=area,
                judgment=judgments.get(area.pk),
                findings=by_kind,
                statistics=[s for s in statistics if s.area_id == area.pk],
                other_figures=[f for f in figures if f.area_id == area.pk],
            )
        )
    return InspectionReport(inspection=inspection, sections=sections)


@dataclass(frozen=True)
class SortedProgrammeTable:
    table: ProgrammeTable
    columns: list[sorting.Column]
    rows: list[InspectionRow]


def sorted_programme_tables(*, tables: list[ProgrammeTable], query: QueryDict) -> list:
    """Each programme's table with sorting links, sorted as `?sort=<programme>.<column>` asks:
    by force, published date or an area's grade (by its score, 'not known' lowest)."""
    result = []
    for table in tables:
        columns: sorting.Columns = {
            "force": ("Force", lambda row: row.inspection.force.name),
            "published": ("Published", lambda row: row.inspection.published),
        }
        for i, area in enumerate(table.areas):
            label = format_html('<abbr title="{}">{}</abbr>', area.name, area.short_name)
            columns[area.slug] = (label, lambda row, i=i: row.grades[i].score)
        headers, rows = sorting.sorted_table(
            table.rows, query, columns, prefix=f"{table.programme.slug}."
        )
        result.append(SortedProgrammeTable(table, headers, rows))
    return result


def assessment_area(*, slug: str, programme: str | None = None) -> AssessmentArea | None:
    """The area with this slug, in the programme named by its slug if one is given (areas of
    different programmes may share a slug: the first programme by name wins), or None."""
    areas = AssessmentArea.objects.filter(slug=slug).select_related("programme")
    if programme:
        # Not a slug, no programme (and PostgreSQL refuses a NUL byte as a parameter).
        ok = slug_re.match(programme)
        areas = areas.filter(programme__slug=programme) if ok else areas.none()
    return areas.order_by("programme__name").first()
