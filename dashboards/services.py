"""Rebuild indicator rows from the published data; running a rebuild twice changes nothing."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Case, Count, Min, Q, Sum, Value, When
from django.utils import timezone

from dashboards import indicators
from dashboards.models import (
    ForceIndicatorState,
    GradeIndicator,
    MeasureIndicator,
    StatisticIndicator,
)
from findings.models import CaseFileStatistic, Measure
from inspections.models import AssessmentArea, Force, Inspection, Judgment, Programme
from recommendations.models import (
    CLOSED_STATES,
    FollowUpDuty,
    ProgressUpdate,
    Recommendation,
    VerificationStatus,
)


def recompute_force_indicators(*, force: Force, today: datetime.date | None = None) -> None:
    """Rebuild one force's indicators, then the national rows and ranks they feed."""
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
    for force_id in force_ids:
        ForceIndicatorState.objects.get_or_create(force_id=force_id)
    list(
        ForceIndicatorState.objects.select_for_update()
        .filter(force_id__in=force_ids)
        .order_by("force_id")
    )
    programmes = list(Programme.objects.select_for_update().order_by("pk"))

    data = _ForceData.load(force_ids, today)
    GradeIndicator.objects.filter(force_id__in=force_ids).delete()
    GradeIndicator.objects.bulk_create(data.grade_rows(programmes, now))
    StatisticIndicator.objects.filter(force_id__in=force_ids).delete()
    StatisticIndicator.objects.bulk_create(data.statistic_rows(now))

    for programme in programmes:
        _rebuild_national(programme, now)
    _rebuild_measures(now)
    ForceIndicatorState.objects.filter(force_id__in=force_ids).update(
        stale=False, stale_since=None, computed_at=now
    )


@dataclass
class _Inspection:
    pk: int
    force_id: int
    programme_id: int
    published: datetime.date
    action_plan_due: datetime.date | None
    grades: dict[int, tuple[int, int, str]] = field(default_factory=dict)  # area → grade


@dataclass
class _ForceData:
    """Everything the force rows need, read in a fixed number of queries."""

    today: datetime.date
    inspections: list[_Inspection]
    recommendations: list[dict]
    met_on: dict[int, datetime.date]
    duties: dict[int, tuple[datetime.date, datetime.date | None]]
    statistics: list[dict]
    areas: dict[int, list[int]]

    @classmethod
    def load(cls, force_ids: list[int], today: datetime.date) -> "_ForceData":
        published = Inspection.objects.published().filter(force_id__in=force_ids)
        inspections = {
            row["pk"]: _Inspection(**row)
            for row in published.values(
                "pk", "force_id", "programme_id", "published", "action_plan_due"
            )
        }
        for row in Judgment.objects.filter(inspection__in=published).values(
            "inspection_id", "area_id", "grade_id", "grade__score", "grade__slug"
        ):
            inspections[row["inspection_id"]].grades[row["area_id"]] = (
                row["grade_id"],
                row["grade__score"],
                row["grade__slug"],
            )
        recommendations = list(
            Recommendation.objects.filter(inspection__in=published).values(
                "pk", "inspection_id", "finding__area_id", "due_date", "verification_status"
            )
        )
        met_on = dict(
            ProgressUpdate.objects.filter(
                recommendation__inspection__in=published,
                verification_status=VerificationStatus.MET,
            )
            .values("recommendation_id")
            .annotate(first=Min("effective_on"))
            .values_list("recommendation_id", "first")
        )
        duties = {
            row[0]: (row[1], row[2])
            for row in FollowUpDuty.objects.filter(
                inspection__in=published, kind=FollowUpDuty.Kind.ACTION_PLAN
            ).values_list("inspection_id", "due_date", "submitted_on")
        }
        statistics = list(
            CaseFileStatistic.objects.filter(inspection__in=published).values(
                "pk",
                "inspection__force_id",
                "measure_id",
                "measure__polarity",
                "polarity",
                "numerator",
                "denominator",
            )
        )
        areas = defaultdict(list)
        for area_id, programme_id in AssessmentArea.objects.values_list("pk", "programme_id"):
            areas[programme_id].append(area_id)
        return cls(
            today, list(inspections.values()), recommendations, met_on, duties, statistics, areas
        )

    def grade_rows(self, programmes: list[Programme], now) -> list[GradeIndicator]:
        by_force_programme = defaultdict(list)
        for inspection in self.inspections:
            by_force_programme[(inspection.force_id, inspection.programme_id)].append(inspection)
        recommendations = defaultdict(list)
        for row in self.recommendations:
            recommendations[row["inspection_id"]].append(row)

        rows = []
        for (force_id, programme_id), inspections in by_force_programme.items():
            inspections.sort(key=lambda i: (i.published, i.pk))
            latest = inspections[-1]
            previous = inspections[-2] if len(inspections) > 1 else None
            tracked = [r for i in inspections for r in recommendations[i.pk]]
            base = {
                "programme_id": programme_id,
                "force_id": force_id,
                "inspection_id": latest.pk,
                "computed_at": now,
            }
            rows.append(
                GradeIndicator(
                    **base,
                    **self._grade_summary(latest, previous),
                    **self._recommendation_counts(tracked, inspections),
                    **self._action_plan(latest),
                )
            )
            for area_id in self.areas[programme_id]:
                rows.append(
                    GradeIndicator(
                        **base,
                        area_id=area_id,
                        **self._area_grade(latest, previous, area_id),
                        **self._recommendation_counts(
                            [r for r in tracked if r["finding__area_id"] == area_id], inspections
                        ),
                    )
                )
        return rows

    def statistic_rows(self, now) -> list[StatisticIndicator]:
        rows = []
        for row in self.statistics:
            low, high = indicators.wilson_interval(row["numerator"], row["denominator"])
            rows.append(
                StatisticIndicator(
                    statistic_id=row["pk"],
                    force_id=row["inspection__force_id"],
                    measure_id=row["measure_id"],
                    rate=row["numerator"] / row["denominator"],
                    ci_low=low,
                    ci_high=high,
                    computed_at=now,
                )
            )
        return rows  # national comparisons are filled in by _rebuild_measures

    @staticmethod
    def _grade_summary(latest: _Inspection, previous: _Inspection | None) -> dict:
        counts: dict[str, int] = defaultdict(int)
        for _, _, slug in latest.grades.values():
            counts[slug] += 1
        score = indicators.mean_score(s for _, s, _ in latest.grades.values())
        before = (
            indicators.mean_score(s for _, s, _ in previous.grades.values()) if previous else None
        )
        return {
            "grade_counts": dict(counts),
            "grade_score": score,
            "grade_change": score - before if None not in (score, before) else None,
        }

    @staticmethod
    def _area_grade(latest: _Inspection, previous: _Inspection | None, area_id: int) -> dict:
        grade = latest.grades.get(area_id)
        earlier = previous.grades.get(area_id) if previous else None
        return {
            "grade_id": grade[0] if grade else None,
            "grade_score": grade[1] if grade else None,
            "grade_counts": {grade[2]: 1} if grade else {},
            "previous_grade_id": earlier[0] if earlier else None,
            "grade_change": grade[1] - earlier[1] if grade and earlier else None,
        }

    def _recommendation_counts(self, tracked: list[dict], inspections: list[_Inspection]) -> dict:
        published = {i.pk: i.published for i in inspections}
        open_ = [r for r in tracked if r["verification_status"] not in CLOSED_STATES]
        met = [r for r in tracked if r["verification_status"] == VerificationStatus.MET]
        return {
            "recommendations_open": len(open_),
            "recommendations_overdue": sum(
                1 for r in open_ if r["due_date"] and r["due_date"] < self.today
            ),
            "recommendations_met": len(met),
            "recommendations_not_met": sum(
                1 for r in tracked if r["verification_status"] == VerificationStatus.NOT_MET
            ),
            "median_days_to_met": indicators.median_days(
                (published[r["inspection_id"]], self.met_on[r["pk"]])
                for r in met
                if r["pk"] in self.met_on
            ),
        }

    def _action_plan(self, latest: _Inspection) -> dict:
        # Without a recorded duty nobody has said whether the plan came in: don't guess.
        if latest.pk not in self.duties:
            return {"action_plan_due": latest.action_plan_due}
        due, submitted = self.duties[latest.pk]
        return {
            "action_plan_due": due,
            "action_plan_submitted": submitted,
            "action_plan_status": indicators.action_plan_status(due, submitted, self.today),
        }


def _rebuild_national(programme: Programme, now) -> None:
    """Rebuild the nation's rows and every force's rank from the force rows."""
    force_rows = list(GradeIndicator.objects.filter(programme=programme, force__isnull=False))
    met_dates = _met_dates(programme)
    GradeIndicator.objects.filter(programme=programme, force__isnull=True).delete()
    by_area = defaultdict(list)
    for row in force_rows:
        by_area[row.area_id].append(row)
    national = []
    for area_id, rows in by_area.items():
        ranks = indicators.competition_rank({row.pk: row.grade_score for row in rows})
        ranked_of = len(ranks)
        for row in rows:
            row.rank, row.ranked_of = ranks.get(row.pk), ranked_of
        counts: dict[str, int] = defaultdict(int)
        for row in rows:
            for slug, n in row.grade_counts.items():
                counts[slug] += n
        scored = [row.grade_score for row in rows if row.grade_score is not None]
        national.append(
            GradeIndicator(
                programme=programme,
                area_id=area_id,
                computed_at=now,
                grade_counts=dict(counts),
                grade_score=indicators.mean_score(scored),
                forces_inspected=ranked_of,
                recommendations_open=sum(r.recommendations_open for r in rows),
                recommendations_overdue=sum(r.recommendations_overdue for r in rows),
                recommendations_met=sum(r.recommendations_met for r in rows),
                recommendations_not_met=sum(r.recommendations_not_met for r in rows),
                median_days_to_met=indicators.median_days(
                    (published, met)
                    for area, published, met in met_dates
                    if area_id is None or area == area_id
                ),
            )
        )
    GradeIndicator.objects.bulk_update(force_rows, ["rank", "ranked_of"], batch_size=500)
    GradeIndicator.objects.bulk_create(national)


def _met_dates(programme: Programme) -> list[tuple[int, datetime.date, datetime.date]]:
    """(area, published, first met) for every recommendation of the programme found met."""
    return list(
        ProgressUpdate.objects.filter(
            verification_status=VerificationStatus.MET,
            recommendation__inspection__programme=programme,
            recommendation__inspection__status=Inspection.Status.PUBLISHED,
        )
        .values("recommendation_id")
        .annotate(first=Min("effective_on"))
        .values_list(
            "recommendation__finding__area_id", "recommendation__inspection__published", "first"
        )
    )


def _rebuild_measures(now) -> None:
    """Pool each measure nationally, then compare every statistic of it with the pool."""
    pooled = (
        CaseFileStatistic.objects.filter(
            measure__isnull=False, inspection__status=Inspection.Status.PUBLISHED
        )
        .values("measure_id")
        .annotate(
            numerator=Sum("numerator"),
            denominator=Sum("denominator"),
            inspections=Count("inspection_id", distinct=True),
        )
    )
    polarity = dict(Measure.objects.values_list("pk", "polarity"))
    seen = set()
    for row in pooled:
        measure_id = row["measure_id"]
        seen.add(measure_id)
        rate = row["numerator"] / row["denominator"]
        low, high = indicators.wilson_interval(row["numerator"], row["denominator"])
        MeasureIndicator.objects.update_or_create(
            measure_id=measure_id,
            defaults={
                "numerator": row["numerator"],
                "denominator": row["denominator"],
                "rate": rate,
                "ci_low": low,
                "ci_high": high,
                "inspections": row["inspections"],
                "computed_at": now,
            },
        )
        worse, better = (
            ("worse", "better") if polarity[measure_id] == "worse" else ("better", "worse")
        )
        # One UPDATE per measure keeps every force's comparison in step with the pool.
        StatisticIndicator.objects.filter(measure_id=measure_id).update(
            national_rate=Value(rate),
            comparison=Case(
                When(ci_low__gt=rate, then=Value(worse)),
                When(ci_high__lt=rate, then=Value(better)),
                default=Value("similar"),
            ),
        )
    MeasureIndicator.objects.exclude(measure_id__in=seen).delete()
    StatisticIndicator.objects.filter(Q(measure__isnull=True) | ~Q(measure_id__in=seen)).update(
        national_rate=None, comparison="not_compared"
    )
