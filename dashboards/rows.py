"""Compute one or more forces' indicator rows from their published inspections."""

import datetime
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Min

from dashboards import indicators
from dashboards.models import GradeIndicator
from findings.models import CaseFileStatistic, Finding
from inspections.models import AssessmentArea, GradeCount, Inspection, Judgment
from recommendations.models import (
    CLOSED_STATES,
    FollowUpDuty,
    ProgressUpdate,
    Recommendation,
    VerificationStatus,
)


@dataclass
class _Inspection:
    pk: int
    force_id: int
    programme_id: int
    published: datetime.date
    action_plan_due: datetime.date | None
    areas_graded: int | None = None  # the report's own count of areas graded, if known
    grades: dict[int, tuple[int, int, str]] = field(default_factory=dict)  # area → grade
    # How many areas got each grade, where a source counts them without naming the areas.
    counted: dict[str, int] = field(default_factory=dict)


@dataclass
class ForceData:
    """Everything the force rows need, read in a fixed number of queries."""

    today: datetime.date
    inspections: list[_Inspection]
    recommendations: list[dict]
    met_on: dict[int, datetime.date]
    closed_on: dict[int, datetime.date]  # first met, superseded or closed
    duties: dict[int, tuple[datetime.date, datetime.date | None]]
    statistics: list[dict]
    areas: dict[int, list[int]]
    entered: set[int]  # inspections whose findings or recommendations were entered

    @classmethod
    def load(cls, force_ids: list[int], today: datetime.date) -> "ForceData":
        published = Inspection.objects.published().filter(force_id__in=force_ids)
        inspections = {
            row["pk"]: _Inspection(**row)
            for row in published.values(
                "pk", "force_id", "programme_id", "published", "action_plan_due", "areas_graded"
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
        for inspection_id, slug, count in GradeCount.objects.filter(
            inspection__in=published
        ).values_list("inspection_id", "grade__slug", "count"):
            inspections[inspection_id].counted[slug] = count
        recommendations = list(
            Recommendation.objects.filter(inspection__in=published).values(
                "pk", "inspection_id", "finding__area_id", "due_date", "verification_status"
            )
        )
        met_on, closed_on = {}, {}
        for pk, status, first in (
            ProgressUpdate.objects.filter(
                recommendation__inspection__in=published, verification_status__in=CLOSED_STATES
            )
            .values("recommendation_id", "verification_status")
            .annotate(first=Min("effective_on"))
            .values_list("recommendation_id", "verification_status", "first")
        ):
            if status == VerificationStatus.MET:
                met_on[pk] = first
            closed_on[pk] = min(first, closed_on.get(pk, first))
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
        # A report loaded only as a list of grades has no findings: its recommendations are
        # not known, which is not the same as none.
        entered = set(
            Finding.objects.filter(inspection__in=published)
            .values_list("inspection_id", flat=True)
            .distinct()
        ) | {row["inspection_id"] for row in recommendations}
        return cls(
            today,
            list(inspections.values()),
            recommendations,
            met_on,
            closed_on,
            duties,
            statistics,
            areas,
            entered,
        )

    def grade_rows(self, now) -> list[GradeIndicator]:
        by_force_programme = defaultdict(list)
        for inspection in self.inspections:
            by_force_programme[(inspection.force_id, inspection.programme_id)].append(inspection)
        recommendations = defaultdict(list)
        for row in self.recommendations:
            recommendations[row["inspection_id"]].append(row)

        rows = []
        for (force_id, programme_id), inspections in by_force_programme.items():
            # A report whose date no source gives counts as the earliest: never the latest
            # over a dated one.
            inspections.sort(key=lambda i: (i.published or datetime.date.min, i.pk))
            latest = inspections[-1]
            previous = inspections[-2] if len(inspections) > 1 else None
            tracked = [r for i in inspections for r in recommendations[i.pk]]
            base = {
                "programme_id": programme_id,
                "force_id": force_id,
                "inspection_id": latest.pk,
                "recommendations_entered": any(i.pk in self.entered for i in inspections),
                "computed_at": now,
            }
            rows.append(
                GradeIndicator(
                    **base,
                    **self._grade_summary(latest, len(self.areas[programme_id])),
                    **self._recommendation_counts(tracked, inspections),
                    open_over_time=self._open_over_time(tracked, inspections),
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

    def statistic_rows(self, now, national: dict[int, tuple[float, str]]) -> list[tuple]:
        """Each statistic's rate and interval, compared with its measure's national rate: the
        values of services.STATISTIC_FIELDS."""
        rows = []
        for row in self.statistics:
            low, high = indicators.wilson_interval(row["numerator"], row["denominator"])
            rate, polarity = national.get(row["measure_id"], (None, ""))
            rows.append(
                (
                    row["pk"],
                    row["inspection__force_id"],
                    row["measure_id"],
                    row["numerator"] / row["denominator"],
                    low,
                    high,
                    rate,
                    indicators.compare_with_national(low, high, rate, polarity),
                    now,
                )
            )
        return rows

    @staticmethod
    def _grade_summary(latest: _Inspection, areas_total: int) -> dict:
        """The grade profile: how many areas got each grade, of how many the programme has.

        No mean grade: averaging over partly known areas would rank forces on what is missing.
        """
        counts: dict[str, int] = defaultdict(int)
        for _, _, slug in latest.grades.values():
            counts[slug] += 1
        # A report's own count of areas graded, where a source gives it, is what its profile
        # is 'of'; the grades it counts complete those named area by area.
        return {
            "grade_counts": indicators.merged_grade_counts(latest.counted, counts),
            "areas_total": latest.areas_graded or areas_total,
        }

    @staticmethod
    def _area_grade(latest: _Inspection, previous: _Inspection | None, area_id: int) -> dict:
        grade = latest.grades.get(area_id)
        earlier = previous.grades.get(area_id) if previous else None
        return {
            "grade_id": grade[0] if grade else None,
            "grade_score": grade[1] if grade else None,
            "grade_counts": {grade[2]: 1} if grade else {},
            "areas_total": 1,
            "previous_grade_id": earlier[0] if earlier else None,
            "grade_change": grade[1] - earlier[1] if grade and earlier else None,
        }

    def _recommendation_counts(self, tracked: list[dict], inspections: list[_Inspection]) -> dict:
        published = {i.pk: i.published for i in inspections}
        open_ = [r for r in tracked if r["verification_status"] not in CLOSED_STATES]
        met = [r for r in tracked if r["verification_status"] == VerificationStatus.MET]
        days = sorted(
            (self.met_on[r["pk"]] - published[r["inspection_id"]]).days
            for r in met
            if r["pk"] in self.met_on
        )
        return {
            "recommendations_open": len(open_),
            "recommendations_overdue": sum(
                1 for r in open_ if r["due_date"] and r["due_date"] < self.today
            ),
            "recommendations_met": len(met),
            "recommendations_not_met": sum(
                1 for r in tracked if r["verification_status"] == VerificationStatus.NOT_MET
            ),
            "days_to_met": days,
            "median_days_to_met": indicators.median(days),
        }

    def _open_over_time(self, tracked: list[dict], inspections: list[_Inspection]) -> list:
        """Open recommendations at each month end of the last three years, oldest first."""
        published = {i.pk: i.published for i in inspections}
        starts = sorted(published[r["inspection_id"]] for r in tracked)
        # A recommendation is closed no earlier than it was published.
        ends = sorted(self.closed_on[r["pk"]] for r in tracked if r["pk"] in self.closed_on)
        dated = [day for day in published.values() if day]
        if not dated:
            return []
        first = min(dated)
        return [
            [day.isoformat(), bisect_right(starts, day) - bisect_right(ends, day)]
            for day in _month_ends(self.today, months=36)
            if day >= first
        ]

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


def _month_ends(today: datetime.date, *, months: int) -> list[datetime.date]:
    """The last day of each of the past `months` months, ending with today's month (today)."""
    ends, cursor = [today], today.replace(day=1)
    for _ in range(months - 1):
        cursor -= datetime.timedelta(days=1)  # the last day of the month before
        ends.append(cursor)
        cursor = cursor.replace(day=1)
    return ends[::-1]
