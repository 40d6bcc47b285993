"""Reads for dashboard pages: precomputed indicators only, in a fixed number of queries."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, F, Max, Q, Sum
from django.urls import reverse

from dashboards import indicators
from dashboards.figures import GRADE_ORDER, GradeCell
from dashboards.models import (
    ForceIndicatorState,
    GradeIndicator,
    StatisticComparison,
    StatisticIndicator,
    ThemeIndicator,
)
from inspections.models import AssessmentArea, Force, Inspection, Programme

# Per-recommendation lists kept for recomputing medians; pages that don't chart them skip them.
HEAVY = ("days_to_met", "days_to_met_counts", "open_over_time")


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
    """What the overview shows, every part of it limited to the same filtered forces and areas."""

    programme: Programme
    areas: list[AssessmentArea]
    forces: list[str]  # names, alphabetical
    cells: list[GradeCell]
    national: list[NationalRow]  # grade counts per area over the filtered forces
    themes: list[ThemeRow]
    overdue: list[OverdueRow]
    filtered: bool = False  # whether a region, area or grade narrows the forces or areas
    entered: int = 0  # forces shown whose findings and recommendations were entered
    matched_by_count: int = 0  # forces kept by the grade filter on counts without areas


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
    """Grades of every force's latest inspection, with grade counts, themes and overdue
    recommendations, all over the same forces and areas the filters leave.

    Pass a programme with its areas prefetched (as the overview's filter form loads them) to
    save a query.
    """
    areas = [a for a in programme.areas.all() if not area or a.slug == area]
    by_pk = {a.pk: a for a in areas}
    # One read for the heatmap's force × area rows and each force's row for all areas (whether
    # its recommendations were entered; its overdue count), in force-name order.
    scope = Q(programme=programme, force__isnull=False) & (Q(area__in=areas) | Q(area__isnull=True))
    if region:
        scope &= Q(force__region=region)
    rows = (
        GradeIndicator.objects.filter(scope)
        .order_by("force__name", "area__position")
        .values(
            "force_id",
            "force__name",
            "area_id",
            "grade__slug",
            "grade_counts",
            "recommendations_entered",
            "recommendations_overdue",
            "recommendations_open",
        )
    )
    cells, overdue_rows, entered, counted = [], [], set(), set()
    for row in rows:
        if row["area_id"] is not None:
            cells.append((row["force_id"], row["force__name"], row["area_id"], row["grade__slug"]))
            continue
        if row["recommendations_entered"]:
            entered.add(row["force_id"])
        if grade and (row["grade_counts"] or {}).get(grade):
            counted.add(row["force_id"])
        # The overdue count of the chosen area, or of all areas.
        if (row["area_id"] is not None) == bool(area) and row["recommendations_overdue"]:
            overdue_rows.append(
                (
                    row["force_id"],
                    OverdueRow(
                        row["force__name"],
                        row["recommendations_overdue"],
                        row["recommendations_open"],
                    ),
                )
            )
    if grade:
        chosen = {force_id for force_id, _, _, slug in cells if slug == grade}
        # A count of areas at a grade (all some sources give) says the force got it in one of
        # the areas, so it matches when every area is shown; with one area, it can't tell.
        by_count = set() if area else counted - chosen
        cells = [c for c in cells if c[0] in chosen | by_count]
    forces = {force_id: name for force_id, name, _, _ in cells}
    return Overview(
        programme=programme,
        areas=areas,
        forces=list(forces.values()),
        cells=[
            GradeCell(name, by_pk[area_id].short_name, slug) for _, name, area_id, slug in cells
        ],
        national=_grade_counts(cells, areas),
        themes=_themes(programme, forces=list(forces), areas=areas if area else None),
        # Most overdue first; sorted() is stable, so forces stay in name order within a count.
        overdue=sorted(
            (row for force_id, row in overdue_rows if force_id in forces), key=lambda r: -r.overdue
        ),
        filtered=bool(region or area or grade),
        entered=len(entered & set(forces)),
        matched_by_count=len(by_count) if grade else 0,
    )


def _grade_counts(cells: list[tuple], areas: list[AssessmentArea]) -> list[NationalRow]:
    """Per area, how many of the shown forces got each grade, and how many were inspected."""
    counts = {a.pk: defaultdict(int) for a in areas}
    inspected = defaultdict(int)
    for _, _, area_id, slug in cells:
        inspected[area_id] += 1
        if slug:
            counts[area_id][slug] += 1
    return [NationalRow(a, dict(counts[a.pk]), inspected[a.pk]) for a in areas if inspected[a.pk]]


def _themes(
    programme: Programme, *, forces: list[int], areas: list[AssessmentArea] | None
) -> list[ThemeRow]:
    """The ten themes most cited in the causes of concern of these forces (and areas)."""
    rows = ThemeIndicator.objects.filter(programme=programme, force_id__in=forces)
    if areas is not None:
        rows = rows.filter(area__in=areas)
    return [
        ThemeRow(*row)
        for row in rows.values("theme__name")
        .annotate(causes=Sum("causes_of_concern"), n=Count("force_id", distinct=True))
        .order_by("-causes", "theme__name")
        .values_list("theme__name", "causes", "n")[:10]
    ]


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
    polarity: str  # the measure's, else the statistic's: worse, better or neither
    pool_forces: int | None  # forces whose case files are pooled; None without a measure
    pool_case_files: int | None
    national_rate: float | None  # None while too few forces are pooled
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
        "statistic__measure__polarity",
        "statistic__polarity",
        "statistic__measure__indicator__forces",
        "statistic__measure__indicator__denominator",
        "national_rate",
        "comparison",
    )
    labels = dict(StatisticComparison.choices)
    rows = defaultdict(list)
    for (
        inspection_id,
        *statistic,
        measure_polarity,
        polarity,
        forces,
        files,
        national,
        comparison,
    ) in values:
        label = str(labels.get(comparison, comparison))
        rows[inspection_id].append(
            StatisticRow(
                *statistic, measure_polarity or polarity, forces, files, national, comparison, label
            )
        )
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
    # force → (case-file figures significantly worse than national, figures compared with a
    # national rate at all, figures)
    evidence: dict[int, tuple[int, int, int]]


def comparison(*, forces: list[Force], programme: Programme) -> Comparison:
    """Two to six forces side by side on one programme's indicators."""
    rows = list(
        GradeIndicator.objects.filter(programme=programme, force__in=forces)
        .select_related("grade", "area", "inspection")
        .defer(*HEAVY)
    )
    names = {f.pk: f.name for f in forces}
    evidence = {
        force_id: (worse, compared, total)
        for force_id, worse, compared, total in StatisticIndicator.objects.filter(
            force__in=forces, statistic__inspection__programme=programme
        )
        .values("force_id")
        .annotate(
            worse=Count("pk", filter=Q(comparison="worse")),
            compared=Count("pk", filter=~Q(comparison="not_compared")),
            total=Count("pk"),
        )
        .values_list("force_id", "worse", "compared", "total")
    }
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
        evidence=evidence,
    )


@dataclass(frozen=True)
class AreaView:
    area: AssessmentArea
    forces: list[GradeIndicator]  # in grade order, best first, 'not known' last
    national: GradeIndicator | None
    causes_of_concern: list


def area_view(*, area: AssessmentArea) -> AreaView:
    """One area across all forces in grade order, with the causes of concern raised in it."""
    from findings.models import Finding

    forces = list(
        GradeIndicator.objects.filter(area=area, force__isnull=False)
        .select_related("force", "grade", "inspection")
        .defer(*HEAVY)
        .order_by(F("grade__score").desc(nulls_last=True), "force__name")
    )
    latest = [r.inspection_id for r in forces]
    return AreaView(
        area=area,
        forces=forces,
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


@dataclass(frozen=True)
class AboutTheData:
    programmes: list[Programme]  # with their areas and grade scale
    scales: list  # the programmes' grade scales, each once, with their grades
    measures: list  # shared case-file measures with their polarity and pool
    min_forces: int


def about_the_data() -> AboutTheData:
    """The programmes, grade scales and measures the 'About the data' page explains."""
    from django.conf import settings

    from findings.models import Measure

    programmes = list(
        Programme.objects.select_related("scale")
        .prefetch_related("areas", "scale__grades")
        .order_by("name")
    )
    return AboutTheData(
        programmes=programmes,
        scales=list({p.scale_id: p.scale for p in programmes}.values()),
        measures=list(Measure.objects.select_related("indicator").order_by("name")),
        min_forces=settings.NATIONAL_COMPARISON_MIN_FORCES,
    )


def force_pages(*, names: list[str]) -> dict[str, str]:
    """Each named force's dashboard address, by name."""
    return {
        name: reverse("dashboards:force", args=[slug])
        for name, slug in Force.objects.filter(name__in=names).values_list("name", "slug")
    }


class ProfileRow(NamedTuple):
    """A force's grade profile at its latest inspection of a programme."""

    force: str
    short_name: str  # the chart's label, short enough for a phone
    slug: str
    published: str  # as precisely as the sources give it, or 'date not known'
    counts: dict[str, int]  # grade slug → areas with that grade
    areas: int  # areas graded: the report's own count where known, else the programme's
    not_known: int  # areas graded whose grade no source gives


def grade_profiles(*, programme: Programme, region: str = "", grade: str = "") -> list[ProfileRow]:
    """Every force's grade profile in one programme, from the force rows: wholly known
    profiles first, by their grades from the best down, those with areas not known last.

    Filtered by region, and by grade to forces with at least one area at it. One query.
    """
    rows = GradeIndicator.objects.filter(
        programme=programme, force__isnull=False, area__isnull=True
    )
    if region:
        rows = rows.filter(force__region=region)
    profiles = []
    for row in rows.values(
        "force__name",
        "force__short_name",
        "force__slug",
        "grade_counts",
        "areas_total",
        "inspection__published",
        "inspection__published_precision",
    ):
        counts = dict(row["grade_counts"])  # a count of 0 a source gives is kept
        if grade and not counts.get(grade):
            continue
        areas = row["areas_total"]
        published = Inspection(
            published=row["inspection__published"],
            published_precision=row["inspection__published_precision"],
        ).published_label()
        not_known = max(0, areas - sum(counts.values()))
        profiles.append(
            ProfileRow(
                row["force__name"],
                row["force__short_name"],
                row["force__slug"],
                published,
                counts,
                areas,
                not_known,
            )
        )
    return sorted(
        profiles,
        key=lambda p: (indicators.grade_profile_order(p.counts, p.not_known, GRADE_ORDER), p.force),
    )
