"""Reads for dashboard pages: precomputed indicators only, in a fixed number of queries."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, Max, Q

from dashboards.figures import GradeCell
from dashboards.models import Comparison as StatisticComparison
from dashboards.models import (
    ForceIndicatorState,
    GradeIndicator,
    StatisticIndicator,
    ThemeIndicator,
)
from inspections.models import AssessmentArea, Force, Inspection, Programme

# Per-recommendation lists kept for recomputing medians; pages that don't chart them skip them.
HEAVY = ("days_to_met", "open_over_time")


@dataclass(frozen=True)
class Freshness:
    computed_at: datetime.datetime | None
    stale_forces: list[str]


class NationalRow(NamedTuple):
    area: AssessmentArea
    grade_counts: dict[str, int]
    forces_inspected: int


class ThemeRow(NamedTuple):
    name: str
    causes_of_concern: int
    forces: int


class OverdueRow(NamedTuple):
    force: str
    overdue: int
    open: int


@dataclass(frozen=True)
class Overview:
    programme: Programme
    areas: list[AssessmentArea]
    forces: list[str]  # names, alphabetical
    cells: list[GradeCell]
    national: list[NationalRow]
    themes: list[ThemeRow]
    overdue: list[OverdueRow]


def indicator_version() -> str:
    """Changes whenever any indicator is recomputed or marked stale: part of cache keys."""
    state = ForceIndicatorState.objects.aggregate(
        last=Max("computed_at"), stale=Count("pk", filter=Q(stale=True))
    )
    last = state["last"].isoformat() if state["last"] else "never"
    return f"{last}-{state['stale']}"


def freshness(*, force: Force | None = None) -> Freshness:
    """When the indicators were computed, and which forces' are waiting for a recompute."""
    states = ForceIndicatorState.objects.all()
    if force is not None:
        states = states.filter(force=force)
    states = list(states.values_list("computed_at", "stale", "force__name"))
    computed = [computed_at for computed_at, _, _ in states if computed_at]
    return Freshness(
        computed_at=max(computed) if computed else None,
        stale_forces=[name for _, stale, name in states if stale],
    )


def national_overview(
    *, programme: Programme, region: str = "", area: str = "", grade: str = ""
) -> Overview:
    """Grades of every force's latest inspection, filtered, with national counts.

    Pass a programme with its areas prefetched (as the overview's filter form loads them) to
    save a query.
    """
    areas = [a for a in programme.areas.all() if not area or a.slug == area]
    by_pk = {a.pk: a for a in areas}
    # One read for the heatmap's force × area rows, the national area rows and the forces'
    # overdue counts, in force-name order (the database's collation) then area order.
    heatmap = Q(force__isnull=False, area__in=areas)
    if region:
        heatmap &= Q(force__region=region)
    national = Q(force__isnull=True, area__in=areas)
    overdue = Q(force__isnull=False, area__isnull=True, recommendations_overdue__gt=0)
    rows = (
        GradeIndicator.objects.filter(Q(programme=programme) & (heatmap | national | overdue))
        .order_by("force__name", "area__position")
        .values(
            "force_id",
            "force__name",
            "area_id",
            "grade__slug",
            "grade_counts",
            "forces_inspected",
            "recommendations_overdue",
            "recommendations_open",
        )
    )
    cells, national_rows, overdue_rows = [], [], []
    for row in rows:
        if row["force_id"] is None:
            national_rows.append(
                NationalRow(by_pk[row["area_id"]], row["grade_counts"], row["forces_inspected"])
            )
        elif row["area_id"] is None:
            overdue_rows.append(
                OverdueRow(
                    row["force__name"], row["recommendations_overdue"], row["recommendations_open"]
                )
            )
        else:
            cells.append((row["force_id"], row["force__name"], row["area_id"], row["grade__slug"]))
    if grade:
        chosen = {force_id for force_id, _, _, slug in cells if slug == grade}
        cells = [c for c in cells if c[0] in chosen]
    return Overview(
        programme=programme,
        areas=areas,
        forces=list({force_id: name for force_id, name, _, _ in cells}.values()),
        cells=[
            GradeCell(name, by_pk[area_id].short_name, slug) for _, name, area_id, slug in cells
        ],
        national=national_rows,
        themes=[
            ThemeRow(*row)
            for row in ThemeIndicator.objects.filter(programme=programme)
            .order_by("-causes_of_concern", "theme__name")
            .values_list("theme__name", "causes_of_concern", "forces")[:10]
        ],
        # Most overdue first; sorted() is stable, so forces stay in name order within a count.
        overdue=sorted(overdue_rows, key=lambda r: -r.overdue),
    )


class AreaRow(NamedTuple):
    """One area's grade in a force's latest inspection, beside the previous inspection's."""

    name: str
    short_name: str
    grade: str | None  # the grade's name
    grade_slug: str | None
    previous_grade: str | None
    grade_change: float | None


class StatisticRow(NamedTuple):
    """One case-file statistic of a force's latest inspection, against the national rate."""

    about: str
    numerator: int
    denominator: int
    rate: float
    ci_low: float
    ci_high: float
    national_rate: float | None
    comparison: str
    comparison_label: str


class InspectionRow(NamedTuple):
    """One line of a force's timeline of inspections."""

    published: str  # as precisely as the source gives it; empty until published
    programme: str
    is_synthetic: bool
    status: str  # the status's label
    action_plan_due: datetime.date | None


@dataclass(frozen=True)
class ForceProgramme:
    summary: GradeIndicator
    areas: list[AreaRow]
    statistics: list[StatisticRow]


@dataclass(frozen=True)
class ForceDashboard:
    force: Force
    programmes: list[ForceProgramme]
    inspections: list[InspectionRow]


def force_dashboard(*, force: Force, user) -> ForceDashboard:
    """A force's indicators per programme, its latest statistics and its inspections' timeline."""
    rows = GradeIndicator.objects.filter(force=force)
    summaries = list(
        rows.filter(area__isnull=True)
        .select_related("programme", "inspection")
        .defer(
            "days_to_met",
            "programme__description",
            "inspection__summary",
            "inspection__hm_inspector_summary",
        )
        .order_by("programme__name")
    )
    areas = _area_rows(rows.filter(area__isnull=False))
    statistics = _statistic_rows(
        StatisticIndicator.objects.filter(
            force=force,
            statistic__inspection__in=rows.filter(area__isnull=True).values("inspection_id"),
        )
    )
    return ForceDashboard(
        force=force,
        programmes=[
            ForceProgramme(
                summary=summary,
                areas=areas[summary.programme_id],
                statistics=statistics[summary.inspection_id],
            )
            for summary in summaries
        ],
        inspections=_timeline(Inspection.objects.visible_to(user).filter(force=force)),
    )


def _area_rows(rows) -> dict[int, list[AreaRow]]:
    """Programme → its areas' rows, in the programme's order of areas."""
    values = rows.order_by("area__position").values_list(
        "programme_id",
        "area__name",
        "area__short_name",
        "grade__name",
        "grade__slug",
        "previous_grade__name",
        "grade_change",
    )
    areas = defaultdict(list)
    for programme_id, *area in values:
        areas[programme_id].append(AreaRow(*area))
    return areas


def _statistic_rows(statistics) -> dict[int, list[StatisticRow]]:
    """Inspection → its statistics' rows, in the report's order."""
    values = statistics.order_by("statistic__position").values_list(
        "statistic__inspection_id",
        "statistic__about",
        "statistic__numerator",
        "statistic__denominator",
        "rate",
        "ci_low",
        "ci_high",
        "national_rate",
        "comparison",
    )
    labels = dict(StatisticComparison.choices)
    rows = defaultdict(list)
    for inspection_id, *statistic, comparison in values:
        label = str(labels.get(comparison, comparison))
        rows[inspection_id].append(StatisticRow(*statistic, comparison, label))
    return rows


def _timeline(inspections) -> list[InspectionRow]:
    """The inspections, latest first, as the timeline shows them."""
    statuses = {value: str(label) for value, label in Inspection.Status.choices}
    return [
        InspectionRow(
            inspection.published_label(),
            inspection.programme.name,
            inspection.is_synthetic,
            statuses.get(inspection.status, inspection.status),
            inspection.action_plan_due,
        )
        for inspection in inspections.select_related("programme")
        .only(
            "published",
            "published_precision",
            "status",
            "is_synthetic",
            "action_plan_due",
            "programme__name",
        )
        .order_by("-published")
    ]


@dataclass(frozen=True)
class Comparison:
    programme: Programme
    forces: list[Force]
    areas: list[AssessmentArea]
    summaries: dict[int, GradeIndicator]  # force → its programme row
    cells: list[GradeCell]
    worse_statistics: dict[int, int]  # force → statistics significantly worse than national


def comparison(*, forces: list[Force], programme: Programme) -> Comparison:
    """Two to six forces side by side on one programme's indicators."""
    rows = list(
        GradeIndicator.objects.filter(programme=programme, force__in=forces)
        .select_related("grade", "area", "inspection")
        .defer(*HEAVY)
    )
    names = {f.pk: f.name for f in forces}
    worse = dict(
        StatisticIndicator.objects.filter(
            force__in=forces, comparison="worse", statistic__inspection__programme=programme
        )
        .values("force_id")
        .annotate(n=Count("pk"))
        .values_list("force_id", "n")
    )
    return Comparison(
        programme=programme,
        forces=forces,
        areas=list(programme.areas.all()),
        summaries={r.force_id: r for r in rows if r.area_id is None},
        cells=[
            GradeCell(names[r.force_id], r.area.short_name, r.grade.slug if r.grade else None)
            for r in rows
            if r.area_id is not None
        ],
        worse_statistics=worse,
    )


@dataclass(frozen=True)
class AreaView:
    area: AssessmentArea
    ranked: list[GradeIndicator]
    national: GradeIndicator | None
    causes_of_concern: list


def area_view(*, area: AssessmentArea) -> AreaView:
    """One area across all forces: ranked by grade, with the causes of concern raised in it."""
    from findings.models import Finding

    ranked = list(
        GradeIndicator.objects.filter(area=area, force__isnull=False)
        .select_related("force", "grade", "inspection")
        .defer(*HEAVY)
        .order_by("rank", "force__name")
    )
    latest = [r.inspection_id for r in ranked]
    return AreaView(
        area=area,
        ranked=ranked,
        national=GradeIndicator.objects.filter(area=area, force__isnull=True).defer(*HEAVY).first(),
        causes_of_concern=list(
            Finding.objects.filter(
                area=area, kind=Finding.Kind.CAUSE_OF_CONCERN, inspection_id__in=latest
            )
            .select_related("inspection__force")
            .prefetch_related("themes")
            .order_by("inspection__force__name", "position")
        ),
    )
