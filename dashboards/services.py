"""Rebuild indicator rows from the published data; running a rebuild twice changes nothing."""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Count, QuerySet, Sum, Value, When
from django.utils import timezone

from dashboards import indicators
from dashboards.bulk import insert_rows
from dashboards.models import (
    ForceIndicatorState,
    ForceMeasurePool,
    GradeIndicator,
    MeasureIndicator,
    StatisticIndicator,
    ThemeIndicator,
)
from dashboards.rows import ForceData
from dashboards.versioning import bump_version
from findings.models import CaseFileStatistic, Finding
from inspections.models import Force, Inspection, Programme


def recompute_force_indicators(*, force: Force, today: datetime.date | None = None) -> None:
    """Rebuild one force's indicators, then the national rows they feed."""
    _recompute(force_ids=[force.pk], today=today or timezone.localdate())


def recompute_all_indicators(*, today: datetime.date | None = None) -> None:
    """Rebuild every force's indicators and the national rows."""
    _recompute(force_ids=None, today=today or timezone.localdate())


@transaction.atomic
def _recompute(*, force_ids: list[int] | None, today: datetime.date) -> None:
    now = timezone.now()
    forces = Force.objects.order_by("pk")
    if force_ids is not None:
        forces = forces.filter(pk__in=force_ids)
    force_ids = list(forces.values_list("pk", flat=True))
    # Lock in one order everywhere (forces, then programmes) so two runs never deadlock;
    # a second run for the same force waits here and then rebuilds the same rows.
    ForceIndicatorState.objects.bulk_create(
        [ForceIndicatorState(force_id=pk) for pk in force_ids], ignore_conflicts=True
    )
    list(
        ForceIndicatorState.objects.select_for_update()
        .filter(force_id__in=force_ids)
        .order_by("force_id")
    )
    programmes = list(Programme.objects.select_for_update().order_by("pk"))

    _pool_forces(force_ids)
    pooled = _pooled_measures()
    national = {pk: (p.national_rate, p.polarity) for pk, p in pooled.items()}
    days = _DaysChange(everything=len(force_ids) == Force.objects.count())
    if not days.everything:  # else the nation's counts are the new ones alone
        days.count(_area_days(GradeIndicator.objects.filter(force_id__in=force_ids)), days.before)
    GradeIndicator.objects.filter(force_id__in=force_ids).delete()
    # A few forces at a time, so that memory holds a few forces' rows whatever the data size.
    for start in range(0, len(force_ids), FORCES_AT_A_TIME):
        chunk = force_ids[start : start + FORCES_AT_A_TIME]
        data = ForceData.load(chunk, today)
        rows = data.grade_rows(now)
        GradeIndicator.objects.bulk_create(rows)
        days.count(
            ((r.programme_id, r.area_id, r.days_to_met) for r in rows if r.area_id), days.after
        )
        _replace_statistics(chunk, data.statistic_rows(now, national))
    for programme in programmes:
        _rebuild_national(programme, now, days)
    _rebuild_measures(pooled, now)
    _rebuild_themes(force_ids, now)
    ForceIndicatorState.objects.filter(force_id__in=force_ids).update(
        stale=False, stale_since=None, computed_at=now
    )
    bump_version()


FORCES_AT_A_TIME = 8
STATISTIC_FIELDS = [
    "statistic_id",
    "force_id",
    "measure_id",
    "rate",
    "ci_low",
    "ci_high",
    "national_rate",
    "comparison",
    "computed_at",
]
COUNTED = (
    "recommendations_open",
    "recommendations_overdue",
    "recommendations_met",
    "recommendations_not_met",
)


@dataclass
class _DaysChange:
    """The days to met of the recomputed forces, before and after, by programme and area (None:
    all areas), so that the nation's counts change by them without reading every force's.

    Each met recommendation is in exactly one area row, so the area rows' lists hold every day
    count once; the 'all areas' counts pool them all.
    """

    everything: bool  # every force recomputed: the nation's counts are the new ones
    before: dict = field(default_factory=lambda: defaultdict(Counter))
    after: dict = field(default_factory=lambda: defaultdict(Counter))

    @staticmethod
    def count(rows: Iterable[tuple[int, int, list[int]]], counts: dict) -> None:
        """Add (programme, area, days to met) of area rows to the counts, per area and in all."""
        for programme_id, area_id, days in rows:
            counts[(programme_id, area_id)].update(days)
            counts[(programme_id, None)].update(days)

    def national(self, programme: Programme, stored: dict) -> dict[int | None, Counter]:
        """The nation's counts for each area of the programme (None: all areas)."""
        if self.everything:
            return {area: n for (p, area), n in self.after.items() if p == programme.pk}
        if any(counts is None for counts in stored.values()) or None not in stored:
            return _national_days(programme)  # not kept yet: count every force's afresh
        national = {}
        for area_id in {*stored, *(a for p, a in self.after if p == programme.pk)}:
            counts = Counter({int(d): n for d, n in (stored.get(area_id) or {}).items()})
            counts.subtract(self.before[(programme.pk, area_id)])
            counts.update(self.after[(programme.pk, area_id)])
            national[area_id] = +counts  # without the days no recommendation took any more
        return national


def _national_days(programme: Programme) -> dict[int | None, Counter]:
    counts = defaultdict(Counter)
    _DaysChange.count(
        _area_days(GradeIndicator.objects.filter(programme=programme, force__isnull=False)), counts
    )
    return {area_id: n for (_, area_id), n in counts.items()}


def _area_days(rows: QuerySet[GradeIndicator]):
    return rows.filter(area__isnull=False).values_list("programme_id", "area_id", "days_to_met")


def _rebuild_national(programme: Programme, now, days: _DaysChange) -> None:
    """Rebuild the nation's rows from the force rows."""
    force_rows = GradeIndicator.objects.filter(programme=programme, force__isnull=False).values(
        "area_id", "grade_counts", "areas_total", "recommendations_entered", *COUNTED
    )
    stored = (
        {}
        if days.everything
        else dict(  # a full recompute needs none of it
            GradeIndicator.objects.filter(programme=programme, force__isnull=True).values_list(
                "area_id", "days_to_met_counts"
            )
        )
    )
    days_by_area = days.national(programme, stored)
    by_area = defaultdict(list)
    for row in force_rows:
        by_area[row["area_id"]].append(row)
    national = []
    for area_id, rows in by_area.items():
        counts: dict[str, int] = defaultdict(int)
        for row in rows:
            for slug, n in row["grade_counts"].items():
                counts[slug] += n
        counts_of_days = days_by_area.get(area_id, Counter())
        national.append(
            GradeIndicator(
                programme=programme,
                area_id=area_id,
                computed_at=now,
                grade_counts=dict(counts),
                areas_total=max(row["areas_total"] for row in rows),
                forces_inspected=len(rows),
                recommendations_entered=any(row["recommendations_entered"] for row in rows),
                median_days_to_met=indicators.median_of_counts(counts_of_days),
                days_to_met_counts={str(d): n for d, n in sorted(counts_of_days.items())},
                **{name: sum(row[name] for row in rows) for name in COUNTED},
            )
        )
    GradeIndicator.objects.filter(programme=programme, force__isnull=True).delete()
    GradeIndicator.objects.bulk_create(national)


def _replace_statistics(force_ids: list[int], rows: list[tuple]) -> None:
    """Store the forces' statistic rows, leaving alone those that come out as stored (with the
    time they were computed): a force is recomputed after one change, which seldom moves its
    case-file rates, and rewriting thousands of equal rows was most of the recompute's writing.
    """
    stored = {
        row[0]: row
        for row in StatisticIndicator.objects.filter(force_id__in=force_ids).values_list(
            *STATISTIC_FIELDS[:-1]  # all but computed_at
        )
    }
    changed = [row for row in rows if stored.pop(row[0], None) != row[:-1]]
    replaced = [*stored, *(row[0] for row in changed)]  # gone, or to be written again
    if replaced:
        StatisticIndicator.objects.filter(
            force_id__in=force_ids, statistic_id__in=replaced
        ).delete()
    insert_rows(StatisticIndicator, STATISTIC_FIELDS, changed)


def _rebuild_themes(force_ids: list[int], now) -> None:
    """Count, per programme, the published causes of concern citing each theme.

    One row per force and area as well as the national row, so that a page filtered to some
    forces or one area adds up only what it shows. The forces' rows are counted afresh; the
    national rows add them up (a cause of concern has one force and one area).
    """
    local = (
        Finding.themes.through.objects.filter(
            finding__kind=Finding.Kind.CAUSE_OF_CONCERN,
            finding__inspection__status=Inspection.Status.PUBLISHED,
            finding__inspection__force_id__in=force_ids,
        )
        .values(
            "finding__inspection__programme_id",
            "theme_id",
            "finding__inspection__force_id",
            "finding__area_id",
        )
        .annotate(causes=Count("finding_id", distinct=True))
    )
    ThemeIndicator.objects.filter(force_id__in=force_ids).delete()
    ThemeIndicator.objects.bulk_create(
        [
            ThemeIndicator(
                programme_id=row["finding__inspection__programme_id"],
                theme_id=row["theme_id"],
                force_id=row["finding__inspection__force_id"],
                area_id=row["finding__area_id"],
                causes_of_concern=row["causes"],
                forces=1,
                computed_at=now,
            )
            for row in local
        ],
        batch_size=500,
    )
    national = (
        ThemeIndicator.objects.filter(force__isnull=False)
        .values("programme_id", "theme_id")
        .annotate(causes=Sum("causes_of_concern"), forces=Count("force_id", distinct=True))
    )
    ThemeIndicator.objects.filter(force__isnull=True).delete()
    ThemeIndicator.objects.bulk_create(
        [
            ThemeIndicator(
                programme_id=row["programme_id"],
                theme_id=row["theme_id"],
                causes_of_concern=row["causes"],
                forces=row["forces"],
                computed_at=now,
            )
            for row in national
        ],
        batch_size=500,
    )


@dataclass(frozen=True)
class _Pool:
    numerator: int
    denominator: int
    inspections: int
    forces: int
    polarity: str

    @property
    def national_rate(self) -> float | None:
        """The pooled rate, or None while too few forces contribute for it to be national."""
        holds = indicators.national_comparison_holds(
            self.forces, min_forces=settings.NATIONAL_COMPARISON_MIN_FORCES
        )
        return self.numerator / self.denominator if holds else None


def _pool_forces(force_ids: list[int]) -> None:
    """Pool each force's published case files per measure."""
    rows = (
        CaseFileStatistic.objects.filter(
            measure__isnull=False,
            inspection__status=Inspection.Status.PUBLISHED,
            inspection__force_id__in=force_ids,
        )
        .values("inspection__force_id", "measure_id")
        .annotate(
            numerator=Sum("numerator"),
            denominator=Sum("denominator"),
            inspections=Count("inspection_id", distinct=True),
        )
    )
    ForceMeasurePool.objects.filter(force_id__in=force_ids).delete()
    ForceMeasurePool.objects.bulk_create(
        [
            ForceMeasurePool(
                force_id=row["inspection__force_id"],
                measure_id=row["measure_id"],
                numerator=row["numerator"],
                denominator=row["denominator"],
                inspections=row["inspections"],
            )
            for row in rows
        ],
        batch_size=1000,
    )


def _pooled_measures() -> dict[int, _Pool]:
    """Each measure's case files pooled over all published inspections: the forces' pools
    added up."""
    rows = (
        ForceMeasurePool.objects.values("measure_id", "measure__polarity")
        .annotate(
            numerator=Sum("numerator"),
            denominator=Sum("denominator"),
            inspections=Sum("inspections"),
            forces=Count("force_id"),
        )
        .order_by()
    )
    return {
        row["measure_id"]: _Pool(
            row["numerator"],
            row["denominator"],
            row["inspections"],
            row["forces"],
            row["measure__polarity"],
        )
        for row in rows
    }


def _rebuild_measures(pooled: dict[int, _Pool], now) -> None:
    """Store each measure's pool; where its national rate moved, re-compare every force."""
    stored = {
        m.measure_id: (m.numerator, m.denominator, m.inspections, m.forces, m.rate)
        for m in MeasureIndicator.objects.all()
    }
    for measure_id, pool in pooled.items():
        rate = pool.national_rate
        key = (pool.numerator, pool.denominator, pool.inspections, pool.forces, rate)
        if stored.get(measure_id) == key:
            continue  # the new rows were compared with this same rate when built
        low, high = (
            indicators.wilson_interval(pool.numerator, pool.denominator)
            if rate is not None
            else (None, None)
        )
        MeasureIndicator.objects.update_or_create(
            measure_id=measure_id,
            defaults={
                "numerator": pool.numerator,
                "denominator": pool.denominator,
                "rate": rate,
                "ci_low": low,
                "ci_high": high,
                "inspections": pool.inspections,
                "forces": pool.forces,
                "computed_at": now,
            },
        )
        statistics = StatisticIndicator.objects.filter(measure_id=measure_id)
        if rate is None:
            statistics.update(national_rate=None, comparison="not_compared")
            continue
        statistics.update(
            national_rate=Value(rate),
            comparison=Case(
                When(ci_low__gt=rate, then=Value(indicators.judged("higher", pool.polarity))),
                When(ci_high__lt=rate, then=Value(indicators.judged("lower", pool.polarity))),
                default=Value("similar"),
            ),
        )
    # A measure no published case file counts any more: rows built before it went keep a rate.
    # (Rows built now, and rows without a measure, were never compared.)
    dropped = set(stored) - set(pooled)
    MeasureIndicator.objects.filter(measure_id__in=dropped).delete()
    StatisticIndicator.objects.filter(measure_id__in=dropped).exclude(
        comparison="not_compared"
    ).update(national_rate=None, comparison="not_compared")
