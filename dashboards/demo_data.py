"""Generate synthetic inspections for benchmarks and demos, in a database of their own.

The generator refuses a database holding any real inspection (inspections/synthetic.py): it
needs only the forces, programmes and themes (`load_reference_data --reference-only`).
Everything generated is an inspection marked `is_synthetic`, with slugs ending in
'-synthetic', so it is never mistaken for a real report and can be removed again.
"""

import datetime
import random
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from dashboards.bulk import BATCH, insert_rows
from dashboards.models import GradeIndicator, StatisticIndicator
from findings.models import CaseFileStatistic, Finding, Measure, OtherFigure, Polarity
from inspections.models import Force, Grade, Inspection, Judgment, Programme
from inspections.synthetic import forget_synthetic_data, require_demo_database
from recommendations.models import (
    CLOSED_STATES,
    DueDateRevision,
    FollowUpDuty,
    ForceStatus,
    ProgressUpdate,
    Recommendation,
    VerificationStatus,
)


@dataclass(frozen=True)
class Scale:
    inspections_per_force: int
    causes_of_concern: int
    recommendations_per_cause: int  # at most; each cause gets between this and one fewer
    updates_per_recommendation: int  # at most; each recommendation gets 7 to this many
    statistics_per_inspection: int
    main_findings: int


SCALES = {
    "small": Scale(2, 2, 2, 4, 4, 2),
    # 43 forces × 12 inspections: ~10,000 findings and recommendations, ~100,000 progress
    # updates and ~10,000 case-file statistics.
    "large": Scale(12, 3, 6, 19, 19, 10),
    # Ten times large, for the scale benchmark (bench/scale.py), never for the tests: 43 forces
    # × 120 inspections, ~100,000 findings and recommendations, ~1,000,000 progress updates and
    # ~100,000 case-file statistics. Inspections go back a year per two, as in large.
    "xlarge": Scale(120, 3, 6, 19, 19, 10),
}
NARRATIVE = "Synthetic progress update."
GRADE_WEIGHTS = {
    "outstanding": 3,
    "good": 25,
    "adequate": 37,
    "requires_improvement": 23,
    "inadequate": 12,
}


@dataclass
class Generated:
    inspections: int = 0
    judgments: int = 0
    findings: int = 0
    recommendations: int = 0
    progress_updates: int = 0
    statistics: int = 0


@transaction.atomic
def generate_demo_data(*, seed: int, scale: str, today: datetime.date) -> Generated:
    """Replace any earlier synthetic data with a freshly generated set (same seed, same data).

    Raises ValidationError, writing nothing, in a database that holds real inspections.
    """
    if scale not in SCALES:
        raise ValidationError(f"Unknown scale “{scale}”: choose {', '.join(SCALES)}.")
    require_demo_database()
    if not Force.objects.exists() or not Programme.objects.exists():
        raise ValidationError(
            "This database has no forces or programmes to generate inspections for: run "
            "`python manage.py load_reference_data --reference-only` first."
        )
    delete_demo_data()
    generated = _Generator(random.Random(seed), SCALES[scale], today).run()
    if connection.vendor == "postgresql":
        # Until autovacuum comes by, the planner would plan on the emptied tables' statistics:
        # nested loops over a hundred thousand rows it expects to be a handful.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return generated


def delete_demo_data() -> None:
    """Remove every synthetic inspection and everything hanging from it.

    Rows are deleted table by table without loading them, which a normal delete would do to
    cascade. Callers recompute every indicator once afterwards.
    """
    synthetic = Inspection.objects.filter(is_synthetic=True)
    for queryset in (
        StatisticIndicator.objects.filter(statistic__inspection__in=synthetic),
        GradeIndicator.objects.filter(inspection__in=synthetic),
        ProgressUpdate.objects.filter(recommendation__inspection__in=synthetic),
        DueDateRevision.objects.filter(recommendation__inspection__in=synthetic),
        FollowUpDuty.objects.filter(inspection__in=synthetic),
        Recommendation.objects.filter(inspection__in=synthetic),
        Finding.themes.through.objects.filter(finding__inspection__in=synthetic),
        CaseFileStatistic.objects.filter(inspection__in=synthetic),
        OtherFigure.objects.filter(inspection__in=synthetic),
        Finding.objects.filter(inspection__in=synthetic),
        Judgment.objects.filter(inspection__in=synthetic),
        synthetic,
    ):
        queryset._raw_delete(queryset.db)
    forget_synthetic_data()


class _Generator:
    """Generate force by force, writing each force's rows before making the next force's, so
    memory holds one force's data whatever the scale."""

    def __init__(self, rng: random.Random, scale: Scale, today: datetime.date):
        self.rng, self.scale, self.today = rng, scale, today
        self.programmes = list(Programme.objects.prefetch_related("areas", "scale__grades"))
        self.areas = {p.pk: list(p.areas.all()) for p in self.programmes}
        self.grades = {p.pk: list(p.scale.grades.all()) for p in self.programmes}
        self.measures = list(Measure.objects.all())
        self.generated = Generated()

    def run(self) -> Generated:
        for force in Force.objects.order_by("pk"):
            inspections = self._inspections(force)
            Inspection.objects.bulk_create(inspections, batch_size=BATCH)
            self.generated.inspections += len(inspections)
            self._judgments(inspections)
            causes, afis = self._findings(inspections)
            recommendations, updates = self._recommendations(causes, afis)
            Recommendation.objects.bulk_create(recommendations, batch_size=BATCH)
            self.generated.recommendations += len(recommendations)
            self._progress_updates(updates)
            self._statistics(inspections)
        return self.generated

    def _inspections(self, force: Force) -> list[Inspection]:
        # A force's own quality shifts its grades and rates, so forces differ plausibly.
        quality = self.rng.gauss(0, 0.8)
        rows = []
        for n in range(self.scale.inspections_per_force):
            programme = self.programmes[n % len(self.programmes)]
            years_ago = n // len(self.programmes)
            published = self.today - datetime.timedelta(
                days=365 * years_ago + self.rng.randint(30, 330)
            )
            rows.append(
                Inspection(
                    slug=f"{force.slug}-{programme.slug}-{published.isoformat()}-synthetic",
                    force=force,
                    programme=programme,
                    status=Inspection.Status.PUBLISHED,
                    published=published,
                    action_plan_due=Inspection.default_action_plan_due(published),
                    hm_inspector="Synthetic data",
                    is_synthetic=True,
                    summary="Synthetic inspection generated for demonstrations and benchmarks.",
                )
            )
            rows[-1].quality = quality
        return rows

    def _grade(self, grades: list[Grade], quality: float) -> Grade:
        weights = [
            GRADE_WEIGHTS.get(g.slug, 1) * (1.6 ** (quality * (g.score - 3))) for g in grades
        ]
        return self.rng.choices(grades, weights=weights)[0]

    def _judgments(self, inspections: list[Inspection]) -> None:
        rows = (
            (
                inspection.pk,
                area.pk,
                self._grade(self.grades[inspection.programme_id], inspection.quality).pk,
                "",
                "",
            )
            for inspection in inspections
            for area in self.areas[inspection.programme_id]
        )
        self.generated.judgments += insert_rows(
            Judgment, ["inspection_id", "area_id", "grade_id", "summary", "source_url"], rows
        )

    def _findings(self, inspections):
        rows, causes, afis = [], [], []
        kinds = (
            [Finding.Kind.CAUSE_OF_CONCERN] * self.scale.causes_of_concern
            + [Finding.Kind.AREA_FOR_IMPROVEMENT] * self.scale.causes_of_concern
            + [Finding.Kind.MAIN_FINDING] * self.scale.main_findings
            + [Finding.Kind.CASE_STUDY] * 2
            + [Finding.Kind.PROMISING_PRACTICE]
        )
        for inspection in inspections:
            areas = self.areas[inspection.programme_id]
            for position, kind in enumerate(kinds, start=1):
                finding = Finding(
                    inspection=inspection,
                    area=self.rng.choice(areas),
                    kind=kind,
                    title=f"Synthetic {Finding.Kind(kind).label.lower()} {position}",
                    body="Generated text.",
                    position=position,
                    outcome=self.rng.choice(["good", "poor"])
                    if kind == Finding.Kind.CASE_STUDY
                    else "",
                )
                rows.append(finding)
                if kind == Finding.Kind.CAUSE_OF_CONCERN:
                    causes.append(finding)
                elif kind == Finding.Kind.AREA_FOR_IMPROVEMENT:
                    afis.append(finding)
        Finding.objects.bulk_create(rows, batch_size=BATCH)
        self.generated.findings += len(rows)
        return causes, afis

    def _recommendations(self, causes, afis):
        """The recommendations, each already walked to its current status, and their logs."""
        rows, updates = [], []
        for cause in causes:
            most = self.scale.recommendations_per_cause
            for n in range(1, self.rng.randint(most - 1, most) + 1):
                rows.append(
                    self._recommendation(
                        cause, Recommendation.Kind.RECOMMENDATION, f"Synthetic recommendation {n}"
                    )
                )
        for afi in afis:
            rows.append(
                self._recommendation(afi, Recommendation.Kind.AREA_FOR_IMPROVEMENT, afi.title)
            )
        for recommendation in rows:
            updates.append((recommendation, self._walk(recommendation)))
        return rows, updates

    def _recommendation(self, finding, kind, text) -> Recommendation:
        published = finding.inspection.published
        return Recommendation(
            inspection=finding.inspection,
            finding=finding,
            kind=kind,
            text=text,
            timescale="Within six months",
            position=finding.position,
            due_date=published + datetime.timedelta(days=self.rng.choice([90, 180, 365])),
        )

    def _walk(self, recommendation: Recommendation) -> list[tuple]:
        """Walk a recommendation through the force's and the inspectorate's statuses: the
        steps of its log, its own statuses set to where the walk ends."""
        published = recommendation.inspection.published
        age = (self.today - published).days
        day = published
        force_status, verification = ForceStatus.NOT_STARTED, VerificationStatus.AWAITING_REVIEW
        most = self.scale.updates_per_recommendation
        steps = []
        for step in range(self.rng.randint(min(7, most), most)):
            day = min(self.today, day + datetime.timedelta(days=self.rng.randint(7, 60)))
            if step == 0:
                force_status = ForceStatus.IN_PROGRESS
            elif force_status == ForceStatus.IN_PROGRESS and self.rng.random() < 0.12:
                force_status = ForceStatus.REPORTED_COMPLETE
            elif (
                force_status == ForceStatus.REPORTED_COMPLETE
                and age > 200
                and (self.rng.random() < 0.5)
            ):
                verification = self.rng.choices(
                    [VerificationStatus.MET, VerificationStatus.NOT_MET], [4, 1]
                )[0]
            steps.append(
                (
                    day,
                    force_status,
                    verification if verification != VerificationStatus.AWAITING_REVIEW else "",
                )
            )
            if verification in CLOSED_STATES:
                break
        recommendation.force_status = force_status
        recommendation.verification_status = verification
        return steps

    def _progress_updates(self, updates: list[tuple[Recommendation, list[tuple]]]) -> None:
        # Recorded at noon on the day it speaks of (or now, for today's), so that the logs of
        # all forces run through time together, as real ones do, rather than one force after
        # another. (With COPY; bulk_create records the time of writing.)
        now = timezone.now()
        rows = (
            (recommendation.pk, min(now, _noon(day)), day, force_status, verification, NARRATIVE)
            for recommendation, steps in updates
            for day, force_status, verification in steps
        )
        self.generated.progress_updates += insert_rows(
            ProgressUpdate,
            [
                "recommendation_id",
                "created_at",
                "effective_on",
                "force_status",
                "verification_status",
                "narrative",
            ],
            rows,
        )

    def _statistics(self, inspections: list[Inspection]) -> None:
        rows = []
        for inspection in inspections:
            for position in range(1, self.scale.statistics_per_inspection + 1):
                measure = self.rng.choice(self.measures)
                denominator = self.rng.choice([6, 6, 12, 19, 20, 48, 48])
                base = 0.45 if measure.polarity == Polarity.WORSE else 0.55
                worse_shift = -0.12 * inspection.quality
                rate = base + (worse_shift if measure.polarity == Polarity.WORSE else -worse_shift)
                rate = min(0.97, max(0.03, rate))
                numerator = sum(self.rng.random() < rate for _ in range(denominator))
                rows.append(
                    (
                        inspection.pk,
                        self.rng.choice(self.areas[inspection.programme_id]).pk,
                        measure.pk,
                        numerator,
                        denominator,
                        measure.name.lower(),
                        measure.polarity,
                        "",
                        position,
                    )
                )
        self.generated.statistics += insert_rows(
            CaseFileStatistic,
            [
                "inspection_id",
                "area_id",
                "measure_id",
                "numerator",
                "denominator",
                "about",
                "polarity",
                "sentence",
                "position",
            ],
            rows,
        )


def _noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
