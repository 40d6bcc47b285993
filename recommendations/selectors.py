"""Reads for the tracking pages: the tracker, one recommendation, the review queue, duties,
monitoring stages and the trace of a cause of concern. Day counts are worked out here."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from findings.models import Finding
from inspections import policy
from inspections.models import Force, Inspection, Judgment, MonitoringStage
from recommendations.models import (
    CLOSED_STATES,
    Evidence,
    FollowUpDuty,
    ForceStatus,
    ProgressUpdate,
    Recommendation,
    VerificationStatus,
)
from recommendations.querysets import AWAITING_REVIEW

# Filter values: each status name is unique across the force's and the inspectorate's.
FORCE_STATUSES = set(ForceStatus.values)
VERIFICATION_STATUSES = set(VerificationStatus.values)


@dataclass(frozen=True)
class TrackerRow:
    recommendation: Recommendation
    last_update: datetime.datetime | None
    days_since_update: int | None
    overdue: bool
    days_overdue: int | None
    disagreement: str


def tracker_rows(
    *,
    user,
    today: datetime.date,
    force: Force,
    inspection: Inspection | None = None,
    status: str = "",
    overdue_only: bool = False,
) -> list[TrackerRow]:
    """Every recommendation and area for improvement of a force the user may track, filtered."""
    rows = _tracker_queryset(user=user, force=force)
    if inspection is not None:
        rows = rows.filter(inspection=inspection)
    if status in FORCE_STATUSES:
        rows = rows.filter(force_status=status)
    elif status == VerificationStatus.AWAITING_REVIEW:
        rows = rows.awaiting_review()  # a claim waiting for an inspector, as on /tracking/
    elif status in VERIFICATION_STATUSES:
        rows = rows.filter(verification_status=status)
    if overdue_only:
        rows = rows.overdue(today)
    return [_tracker_row(r, today) for r in rows]


def tracker_inspections(*, user, force: Force) -> QuerySet[Inspection]:
    """The force's published inspections that have something to track, newest first."""
    return (
        Inspection.objects.visible_to(user)
        .published()
        .filter(force=force, recommendations__isnull=False)
        .select_related("programme", "force")
        .distinct()
        .order_by("-published")
    )


def _tracker_queryset(*, user, force: Force) -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.tracked_by(user)
        .published()
        .filter(inspection__force=force)
        .select_related("inspection__programme", "inspection__force", "finding__area")
        .annotate(last_update=Max("progress_updates__created_at"))
        .order_by("-inspection__published", "inspection_id", "-kind", "position", "pk")
    )


def _tracker_row(recommendation: Recommendation, today: datetime.date) -> TrackerRow:
    last = recommendation.last_update
    overdue = recommendation.is_overdue(today)
    return TrackerRow(
        recommendation=recommendation,
        last_update=last,
        days_since_update=(today - _local_date(last)).days if last else None,
        overdue=overdue,
        days_overdue=(today - recommendation.due_date).days if overdue else None,
        disagreement=recommendation.disagreement(),
    )


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    who: str
    kind: str
    reason: str
    changes: list[Change]


@dataclass(frozen=True)
class RecommendationPage:
    recommendation: Recommendation
    updates: list[ProgressUpdate]
    latest_update: ProgressUpdate | None
    revisions: list
    history: list[HistoryEntry]
    overdue: bool
    days_overdue: int | None
    disagreement: str


def tracked_recommendation(*, pk: int, user) -> Recommendation:
    """One recommendation the user may track, or 404 (another force's looks like none)."""
    return get_object_or_404(
        Recommendation.objects.tracked_by(user).select_related(
            "inspection__force", "inspection__programme", "finding__area"
        ),
        pk=pk,
    )


def recommendation_page(*, pk: int, user, today: datetime.date) -> RecommendationPage:
    """A recommendation with its progress log and evidence, due-date revisions and history."""
    recommendation = tracked_recommendation(pk=pk, user=user)
    updates = list(
        recommendation.progress_updates.select_related("author")
        .prefetch_related(Prefetch("evidence", Evidence.objects.order_by("pk")))
        .order_by("-created_at", "-pk")
    )
    overdue = recommendation.is_overdue(today)
    return RecommendationPage(
        recommendation=recommendation,
        updates=updates,
        latest_update=updates[0] if updates else None,
        revisions=list(
            recommendation.due_date_revisions.select_related("revised_by").order_by("-revised_at")
        ),
        history=recommendation_history(recommendation=recommendation),
        overdue=overdue,
        days_overdue=(today - recommendation.due_date).days if overdue else None,
        disagreement=recommendation.disagreement(),
    )


HISTORY_FIELDS = [
    "text",
    "timescale",
    "due_date",
    "acceptance",
    "force_status",
    "verification_status",
]


def recommendation_history(*, recommendation: Recommendation) -> list[HistoryEntry]:
    """Each recorded change of the recommendation, newest first, with who made it."""
    records = list(recommendation.history.select_related("history_user").order_by("history_id"))
    entries = []
    previous = None
    for record in records:
        changes = []
        for name in HISTORY_FIELDS:
            after = getattr(record, name)
            before = getattr(previous, name) if previous else None
            if previous is None or before != after:
                changes.append(
                    Change(
                        field=str(Recommendation._meta.get_field(name).verbose_name).capitalize(),
                        before=_display(name, before) if previous else "",
                        after=_display(name, after),
                    )
                )
        if previous is None or changes:
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=record.history_user.get_username() if record.history_user else "",
                    kind=record.get_history_type_display(),
                    reason=record.history_change_reason or "",
                    changes=changes if previous else [],
                )
            )
        previous = record
    return entries[::-1]


def _display(name: str, value) -> str:
    if value in (None, ""):
        return "—"
    choices = dict(Recommendation._meta.get_field(name).flatchoices)
    if value in choices:
        return str(choices[value])
    if isinstance(value, datetime.date):
        return f"{value.day} {value:%B %Y}"
    return str(value)


@dataclass(frozen=True)
class ReviewItem:
    recommendation: Recommendation
    claimed_at: datetime.datetime | None
    days_waiting: int | None


def review_queue(*, user, today: datetime.date) -> list[ReviewItem]:
    """Claims of completion no inspector has assessed yet, the longest waiting first."""
    claimed = (
        ProgressUpdate.objects.filter(
            recommendation=OuterRef("pk"), force_status=ForceStatus.REPORTED_COMPLETE
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    rows = (
        Recommendation.objects.tracked_by(user)
        .published()
        .awaiting_review()
        .select_related("inspection__force", "inspection__programme", "finding__area")
        .annotate(claimed_at=Subquery(claimed))
        .order_by("claimed_at", "pk")
    )
    return [
        ReviewItem(
            recommendation=r,
            claimed_at=r.claimed_at,
            days_waiting=(today - _local_date(r.claimed_at)).days if r.claimed_at else None,
        )
        for r in rows
    ]


@dataclass(frozen=True)
class DutyRow:
    duty: FollowUpDuty
    state: str  # submitted, submitted_late, due, not_recorded
    label: str
    countdown: str


def duty_rows(*, force: Force, user, today: datetime.date) -> list[DutyRow]:
    """The force's action plans and commissioner's responses with their countdowns."""
    duties = (
        FollowUpDuty.objects.filter(
            inspection__force=force, inspection__in=Inspection.objects.visible_to(user).published()
        )
        .select_related("inspection__programme", "inspection__force")
        .order_by("-inspection__published", "kind")
    )
    return [duty_row(d, today) for d in duties]


def tracked_duty(*, pk: int, user) -> FollowUpDuty:
    """A follow-up duty of a published inspection of a force the user may track, or 404."""
    duties = FollowUpDuty.objects.filter(inspection__status=Inspection.Status.PUBLISHED)
    return get_object_or_404(
        policy.restrict(duties, user, policy.TRACK).select_related(
            "inspection__force", "inspection__programme"
        ),
        pk=pk,
    )


def duty_row(duty: FollowUpDuty, today: datetime.date) -> DutyRow:
    """Say whether a duty is submitted (on time or late), due (days left), or past its date
    with no submission recorded: the inspectorate may simply not have been told of it."""
    if duty.submitted_on:
        late = (duty.submitted_on - duty.due_date).days
        if late > 0:
            return DutyRow(duty, "submitted_late", "Submitted late", _days(late, "late"))
        return DutyRow(duty, "submitted", "Submitted", "On time")
    left = (duty.due_date - today).days
    if left >= 0:
        return DutyRow(duty, "due", "Due", "Due today" if left == 0 else _days(left, "left"))
    return DutyRow(duty, "not_recorded", "No submission recorded", _days(-left, "past the date"))


def _days(count: int, what: str) -> str:
    return f"{count} day{'s' if count != 1 else ''} {what}"


def monitoring_stages(*, force: Force) -> list[MonitoringStage]:
    """The force's scan and engage stages, the current one first."""
    return list(MonitoringStage.objects.filter(force=force).order_by("-started_on", "-pk"))


@dataclass(frozen=True)
class Trace:
    finding: Finding
    judgment: Judgment | None
    recommendations: list[Recommendation]
    next_inspection: Inspection | None
    next_judgment: Judgment | None


def cause_of_concern_trace(*, pk: int, user) -> Trace:
    """A cause of concern, its recommendations with progress and evidence, and the grade of
    the same area at the force's next inspection in the same programme."""
    finding = get_object_or_404(
        Finding.objects.filter(
            kind=Finding.Kind.CAUSE_OF_CONCERN,
            inspection__in=Inspection.objects.visible_to(user),
            inspection__force_id__in=_trackable_force_ids(user),
        ).select_related("inspection__force", "inspection__programme", "area"),
        pk=pk,
    )
    inspection = finding.inspection
    updates = ProgressUpdate.objects.select_related("author").prefetch_related("evidence")
    recommendations = list(
        finding.recommendations.prefetch_related(
            Prefetch("progress_updates", updates.order_by("created_at", "pk"))
        ).order_by("position", "pk")
    )
    next_inspection = None
    if inspection.published:
        next_inspection = (
            Inspection.objects.visible_to(user)
            .filter(
                force=inspection.force_id,
                programme=inspection.programme_id,
                published__gt=inspection.published,
            )
            .order_by("published")
            .first()
        )
    grades = Judgment.objects.select_related("grade")
    return Trace(
        finding=finding,
        judgment=grades.filter(inspection=inspection, area=finding.area_id).first(),
        recommendations=recommendations,
        next_inspection=next_inspection,
        next_judgment=grades.filter(inspection=next_inspection, area=finding.area_id).first()
        if next_inspection
        else None,
    )


def _trackable_force_ids(user):
    return Recommendation.objects.tracked_by(user).values("inspection__force_id")


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


@dataclass(frozen=True)
class ForceSummary:
    force: Force
    open: int
    overdue: int
    awaiting_review: int


def tracked_forces(*, user, today: datetime.date) -> list[ForceSummary]:
    """Forces with published recommendations, with open, overdue and awaiting-review counts."""
    tracked = Recommendation.objects.tracked_by(user).published()
    is_open = ~Q(verification_status__in=CLOSED_STATES)
    counts = (
        tracked.values("inspection__force")
        .annotate(
            open=Count("pk", filter=is_open),
            overdue=Count("pk", filter=is_open & Q(due_date__lt=today)),
            awaiting_review=Count("pk", filter=AWAITING_REVIEW),
        )
        .order_by()
    )
    by_force = {c["inspection__force"]: c for c in counts}
    forces = Force.objects.filter(pk__in=by_force).order_by("name")
    return [
        ForceSummary(
            force=f,
            open=by_force[f.pk]["open"],
            overdue=by_force[f.pk]["overdue"],
            awaiting_review=by_force[f.pk]["awaiting_review"],
        )
        for f in forces
    ]
