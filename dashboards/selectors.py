"""Reads for dashboard pages: precomputed indicators only, in a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Q

from dashboards.figures import GradeCell
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


@dataclass(frozen=True)
class Overview:
    programme: Programme
    areas: list[AssessmentArea]
    forces: list[Force]
    cells: list[GradeCell]
    national: list[GradeIndicator]
    themes: list[ThemeIndicator]
    overdue: list[GradeIndicator]


def indicator_version() -> str:
    """Changes whenever any indicator is recomputed or marked stale: part of cache keys."""
    state = ForceIndicatorState.objects.aggregate(
        last=Max("computed_at"), stale=Count("pk", filter=Q(stale=True))
    )
    last = state["last"].isoformat() if state["last"] else "never"
    return f"{last}-{state['stale']}"


def freshness(*, force: Force | None = None) -> Freshness:
    """When the indicators were computed, and which forces' are waiting for a recompute."""
    states = ForceIndicatorState.objects.select_related("force")
    if force is not None:
        states = states.filter(force=force)
    states = list(states)
    computed = [s.computed_at for s in states if s.computed_at]
    return Freshness(
        computed_at=max(computed) if computed else None,
        stale_forces=[s.force.name for s in states if s.stale],
    )


def national_overview(
    *, programme: Programme, region: str = "", area: str = "", grade: str = ""
) -> Overview:
    """Grades of every force's latest inspection, filtered, with national counts."""
    areas = [a for a in programme.areas.all() if not area or a.slug == area]
    rows = (
        GradeIndicator.objects.filter(programme=programme, force__isnull=False, area__in=areas)
        .select_related("force", "grade")
        .only("force__name", "force__slug", "force__region", "grade__slug", "area_id")
        .order_by("force__name")
    )
    if region:
        rows = rows.filter(force__region=region)
    rows = list(rows)
    if grade:
        chosen = {r.force_id for r in rows if r.grade and r.grade.slug == grade}
        rows = [r for r in rows if r.force_id in chosen]
    forces = list({r.force_id: r.force for r in rows}.values())
    names = {a.pk: a.short_name for a in areas}
    return Overview(
        programme=programme,
        areas=areas,
        forces=forces,
        cells=[
            GradeCell(r.force.name, names[r.area_id], r.grade.slug if r.grade else None)
            for r in rows
        ],
        national=list(
            GradeIndicator.objects.filter(programme=programme, force__isnull=True, area__in=areas)
            .select_related("area")
            .order_by("area__position")
        ),
        themes=list(
            ThemeIndicator.objects.filter(programme=programme)
            .select_related("theme")
            .order_by("-causes_of_concern", "theme__name")[:10]
        ),
        overdue=list(
            GradeIndicator.objects.filter(
                programme=programme,
                force__isnull=False,
                area__isnull=True,
                recommendations_overdue__gt=0,
            )
            .select_related("force")
            .defer(*HEAVY)
            .order_by("-recommendations_overdue", "force__name")
        ),
    )


@dataclass(frozen=True)
class ForceProgramme:
    summary: GradeIndicator
    areas: list[GradeIndicator]
    statistics: list[StatisticIndicator]


@dataclass(frozen=True)
class ForceDashboard:
    force: Force
    programmes: list[ForceProgramme]
    inspections: list[Inspection]


def force_dashboard(*, force: Force, user) -> ForceDashboard:
    """A force's indicators per programme, its statistics and its inspections' timeline."""
    rows = list(
        GradeIndicator.objects.filter(force=force)
        .select_related("programme", "force", "area", "grade", "previous_grade", "inspection")
        .order_by("programme__name", "area__position")
    )
    statistics = list(
        StatisticIndicator.objects.filter(force=force)
        .select_related("statistic__inspection", "statistic__area", "measure")
        .order_by("statistic__position")
    )
    programmes = []
    for summary in (r for r in rows if r.area_id is None):
        programmes.append(
            ForceProgramme(
                summary=summary,
                areas=[r for r in rows if r.programme_id == summary.programme_id and r.area_id],
                statistics=[
                    s for s in statistics if s.statistic.inspection_id == summary.inspection_id
                ],
            )
        )
    inspections = list(
        Inspection.objects.visible_to(user)
        .filter(force=force)
        .select_related("programme")
        .order_by("-published")
    )
    return ForceDashboard(force=force, programmes=programmes, inspections=inspections)


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
