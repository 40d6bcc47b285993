"""Writes for recommendations: progress, verification, due dates, follow-up duties, stages.

Every service owns its transaction, checks who may act, and raises a ValidationError naming
the field at fault before anything is written. Status changes go through `_claim`, a
conditional UPDATE on the recommendation's version, so two people editing at once never
overwrite each other: the second gets a `VersionConflict` naming the newer update.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from changes.models import ChangeEvent
from changes.services import record_change
from dashboards.scheduling import queue_recompute
from inspections import policy
from inspections.models import Force, Inspection, MonitoringStage
from inspections.validators import PlainTextValidator, web_address_errors
from recommendations import uploads
from recommendations.models import (
    Acceptance,
    DueDateRevision,
    Evidence,
    FollowUpDuty,
    ForceStatus,
    ProgressUpdate,
    Recommendation,
    VerificationStatus,
)

# What an inspector may decide about a recommendation.
VERIFIED_STATES = (
    VerificationStatus.MET,
    VerificationStatus.NOT_MET,
    VerificationStatus.SUPERSEDED,
    VerificationStatus.CLOSED,
)
MAX_LINKS = 10
# Plain text only, of a sensible length; the forms use the same validators.
NARRATIVE_TEXT = PlainTextValidator(what=_("The narrative"), max_length=10_000)
COMMENT_TEXT = PlainTextValidator(what=_("The comment"), max_length=10_000)
REASON_TEXT = PlainTextValidator(what=_("The reason"), max_length=5_000)


class VersionConflict(ValidationError):
    """Someone else changed the recommendation after the form was opened."""

    def __init__(self, recommendation: Recommendation):
        self.recommendation = recommendation
        self.latest_update = recommendation.progress_updates.order_by("-created_at", "-pk").first()
        message = _(
            "Someone else updated this recommendation while you were editing it. "
            "Your change has not been saved: check their update, then submit yours again."
        )
        super().__init__({"version": ValidationError(message, code="conflict")})


def record_progress(
    *,
    recommendation: Recommendation,
    author,
    force_status: str,
    narrative: str,
    effective_on: datetime.date,
    links: Iterable[str] = (),
    files: Iterable = (),
    acceptance: str = "",
    expected_version: int | None = None,
) -> ProgressUpdate:
    """Append the force's progress update, with its evidence; corrections are new updates."""
    policy.require(author, policy.REPORT, recommendation)
    if force_status in VerificationStatus.values:
        raise _invalid(
            "force_status",
            _("Only an inspector can mark a recommendation met or not met."),
            code="verification_required",
        )
    if force_status not in ForceStatus.values:
        raise _invalid(
            "force_status",
            _("Choose not started, in progress or force reports complete."),
            code="invalid_choice",
        )
    if acceptance and acceptance not in Acceptance.values:
        raise _invalid("acceptance", _("Choose accepted or not accepted."), code="invalid_choice")
    narrative = narrative.strip()
    if not narrative:
        raise _invalid(
            "narrative", _("Describe the progress, or what the correction is."), code="required"
        )
    _check_text(narrative, NARRATIVE_TEXT, field="narrative")
    _check_published(recommendation)
    _check_date(effective_on, field="effective_on", not_before=recommendation.inspection.published)
    links = _check_links(links)
    checked = uploads.check_files(files)

    stored: list[Evidence] = []
    try:
        with transaction.atomic():
            current = _claim(recommendation, expected_version)
            changed = ["force_status"]
            current.force_status = force_status
            if acceptance:
                current.acceptance = acceptance
                changed.append("acceptance")
            # A new claim of completion after 'not met' goes back to the inspectors.
            if (
                force_status == ForceStatus.REPORTED_COMPLETE
                and current.verification_status == VerificationStatus.NOT_MET
            ):
                current.verification_status = VerificationStatus.AWAITING_REVIEW
                changed.append("verification_status")
                # Only this moves a figure: the indicators count the inspectorate's verdicts,
                # never the force's own claim, acceptance, narrative or evidence.
                queue_recompute(current.inspection.force_id)
            _save(current, by=author, fields=changed, reason=_("Progress update"))
            update = ProgressUpdate.objects.create(
                recommendation=current,
                author=author,
                effective_on=effective_on,
                force_status=force_status,
                narrative=narrative,
            )
            for url in links:
                Evidence.objects.create(progress_update=update, url=url)
            for file in checked:
                evidence = Evidence(
                    progress_update=update,
                    original_name=file.original_name,
                    content_type=file.content_type,
                    size=file.size,
                )
                evidence.file.save(file.original_name, file.upload, save=False)
                stored.append(evidence)
                evidence.save()
    except BaseException:
        # The rows are rolled back; remove the files stored before the failure too.
        for evidence in stored:
            evidence.file.delete(save=False)
        raise
    _refresh(recommendation, current)
    return update


def verify_recommendation(
    *,
    recommendation: Recommendation,
    by,
    verification_status: str,
    comment: str,
    expected_version: int | None = None,
) -> ProgressUpdate:
    """Record the inspectorate's assessment: met, not met, superseded or closed, with why."""
    if verification_status not in VERIFIED_STATES:
        raise _invalid(
            "verification_status",
            _("Choose met, not met, superseded or closed."),
            code="invalid_choice",
        )
    if not policy.allows(by, policy.VERIFY, recommendation):
        raise _invalid(
            "verification_status", policy.REFUSALS[policy.VERIFY], code="verification_required"
        )
    comment = comment.strip()
    if not comment:
        raise _invalid("comment", _("Give the reason for the assessment."), code="required")
    _check_text(comment, COMMENT_TEXT, field="comment")
    _check_published(recommendation)
    with transaction.atomic():
        current = _claim(recommendation, expected_version)
        before = current.verification_status
        current.verification_status = verification_status
        _save(current, by=by, fields=["verification_status"], reason=_("Inspectorate review"))
        # The status only: the inspector's comment belongs to the force's progress log.
        _record(
            current,
            ChangeEvent.Kind.RECOMMENDATION_STATUS_CHANGED,
            {"verification_status": before},
            {"verification_status": verification_status},
        )
        update = ProgressUpdate.objects.create(
            recommendation=current,
            author=by,
            effective_on=timezone.localdate(),
            verification_status=verification_status,
            narrative=comment,
        )
        queue_recompute(current.inspection.force_id)
    _refresh(recommendation, current)
    return update


def revise_due_date(
    *,
    recommendation: Recommendation,
    by,
    new_due_date: datetime.date | None,
    reason: str,
    expected_version: int | None = None,
) -> DueDateRevision:
    """Move the due date, only with a reason; every revision is kept."""
    policy.require(by, policy.REVISE_DUE_DATE, recommendation)
    if new_due_date is None:
        raise _invalid("new_due_date", _("Enter the new due date."), code="required")
    if new_due_date == recommendation.due_date:
        raise _invalid(
            "new_due_date", _("The new due date is the same as the current one."), code="unchanged"
        )
    published = recommendation.inspection.published
    if published and new_due_date < published:
        raise _invalid(
            "new_due_date",
            _("The due date cannot be before the report was published."),
            code="before_publication",
        )
    reason = reason.strip()
    if not reason:
        raise _invalid(
            "reason", _("A due date can be revised only with a reason."), code="required"
        )
    _check_text(reason, REASON_TEXT, field="reason")
    with transaction.atomic():
        current = _claim(recommendation, expected_version)
        revision = DueDateRevision.objects.create(
            recommendation=current,
            previous_due_date=current.due_date,
            new_due_date=new_due_date,
            reason=reason,
            revised_by=by,
        )
        current.due_date = new_due_date
        _save(current, by=by, fields=["due_date"], reason=reason)
        _record(
            current,
            ChangeEvent.Kind.DUE_DATE_CHANGED,
            {"due_date": _iso(revision.previous_due_date)},
            {"due_date": _iso(new_due_date)},
        )
        queue_recompute(current.inspection.force_id)
    _refresh(recommendation, current)
    return revision


def record_duty_submitted(
    *, duty: FollowUpDuty, by, submitted_on: datetime.date | None, url: str
) -> FollowUpDuty:
    """Mark the action plan (by the force) or the commissioner's response (by inspectors)
    submitted, with its date and link."""
    policy.require(by, policy.SUBMIT_DUTY, duty)
    if submitted_on is None:
        raise _invalid("submitted_on", _("Enter the date it was submitted."), code="required")
    _check_date(submitted_on, field="submitted_on", not_before=duty.inspection.published)
    url = _check_links([url], field="url")
    if not url:
        raise _invalid("url", _("Enter a link to it."), code="required")
    with transaction.atomic():
        claimed = FollowUpDuty.objects.filter(pk=duty.pk, submitted_on__isnull=True).update(
            submitted_on=submitted_on, url=url[0]
        )
        if not claimed:
            duty.refresh_from_db()
            raise _invalid(
                "submitted_on",
                _("This was already recorded as submitted on %(date)s.")
                % {"date": f"{duty.submitted_on:%-d %B %Y}"},
                code="already_submitted",
            )
        duty.refresh_from_db()
        record_change(
            kind=ChangeEvent.Kind.DUTY_SUBMITTED,
            inspection=duty.inspection,
            duty=duty,
            before={"duty": duty.kind, "submitted_on": None},
            after={"duty": duty.kind, "submitted_on": _iso(submitted_on)},
        )
        if duty.kind == FollowUpDuty.Kind.ACTION_PLAN:  # the commissioner's response is no figure
            queue_recompute(duty.inspection.force_id)
    return duty


def record_overdue_duties(*, today: datetime.date) -> int:
    """Record in the change log, once each, the published inspections' follow-up duties that
    are past their due date unsubmitted; return how many were newly recorded."""
    duties = (
        FollowUpDuty.objects.filter(
            inspection__status=Inspection.Status.PUBLISHED,
            submitted_on__isnull=True,
            due_date__lt=today,
        )
        .exclude(change_events__kind=ChangeEvent.Kind.DUTY_OVERDUE)
        .select_related("inspection")
    )
    recorded = 0
    for duty in duties:
        try:
            with transaction.atomic():
                record_change(
                    kind=ChangeEvent.Kind.DUTY_OVERDUE,
                    inspection=duty.inspection,
                    duty=duty,
                    after={"duty": duty.kind, "due_date": _iso(duty.due_date)},
                )
        except IntegrityError:
            continue  # another worker recorded it first
        recorded += 1
    return recorded


def record_monitoring_stage(
    *, force: Force, by, stage: str, started_on: datetime.date | None, reason: str
) -> MonitoringStage:
    """Move a force to scan or engage from a date, ending its current stage; the past is kept."""
    policy.require(by, policy.MONITOR, force)
    if stage not in MonitoringStage.Stage.values:
        raise _invalid("stage", _("Choose scan or engage."), code="invalid_choice")
    if started_on is None:
        raise _invalid("started_on", _("Enter the date it starts."), code="required")
    _check_date(started_on, field="started_on")
    reason = reason.strip()
    if not reason:
        raise _invalid("reason", _("Say why the force is at this stage."), code="required")
    _check_text(reason, REASON_TEXT, field="reason")
    with transaction.atomic():
        stages = MonitoringStage.objects.select_for_update().filter(force=force)
        latest = stages.order_by("-started_on", "-pk").first()
        if latest and started_on < latest.started_on:
            raise _invalid(
                "started_on",
                _(
                    "The force's current stage started on %(date)s: a new stage "
                    "cannot start before it."
                )
                % {"date": f"{latest.started_on:%-d %B %Y}"},
                code="out_of_order",
            )
        stages.filter(ended_on__isnull=True).update(ended_on=started_on)
        new = MonitoringStage(force=force, stage=stage, started_on=started_on, reason=reason)
        new.full_clean()
        new.save()
    return new


# What the public follows of a recommendation, and the event a change to each makes.
FOLLOWED_FIELDS = {
    "verification_status": ChangeEvent.Kind.RECOMMENDATION_STATUS_CHANGED,
    "due_date": ChangeEvent.Kind.DUE_DATE_CHANGED,
}


def record_edited_fields(*, recommendation: Recommendation, previous: dict) -> None:
    """Log the followed fields an admin edit changed, given their values before it."""
    for field, kind in FOLLOWED_FIELDS.items():
        before, after = previous.get(field), getattr(recommendation, field)
        if field in previous and before != after:
            _record(recommendation, kind, {field: _plain(before)}, {field: _plain(after)})


def _plain(value):
    return _iso(value) if isinstance(value, datetime.date) else value


def _record(recommendation: Recommendation, kind: str, before: dict, after: dict) -> None:
    record_change(
        kind=kind,
        inspection=recommendation.inspection,
        recommendation=recommendation,
        area_id=recommendation.finding.area_id,
        before=before,
        after=after,
    )


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _invalid(field: str, message, *, code: str) -> ValidationError:
    """An error on one field that keeps its code, for callers that tell errors apart."""
    return ValidationError({field: ValidationError(message, code=code)})


def _check_text(value: str, validator: PlainTextValidator, *, field: str) -> None:
    try:
        validator(value)
    except ValidationError as error:
        raise ValidationError({field: error}) from None


def _claim(recommendation: Recommendation, expected_version: int | None) -> Recommendation:
    """Take the next version of the row, or raise VersionConflict if it has moved on."""
    rows = Recommendation.objects.filter(pk=recommendation.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if rows.update(version=F("version") + 1) != 1:
        raise VersionConflict(Recommendation.objects.get(pk=recommendation.pk))
    return Recommendation.objects.select_related("inspection").get(pk=recommendation.pk)


def _save(recommendation: Recommendation, *, by, fields: list[str], reason: str) -> None:
    # The history records the acting user even outside a request (API, shell, tasks).
    recommendation._history_user = by
    recommendation._change_reason = reason[:100]
    recommendation.save(update_fields=fields)


def _refresh(stale: Recommendation, fresh: Recommendation) -> None:
    for name in ("version", "force_status", "verification_status", "acceptance", "due_date"):
        setattr(stale, name, getattr(fresh, name))


NOT_PUBLISHED = _("Progress is tracked from publication: this inspection is not published yet.")


def _check_published(recommendation: Recommendation) -> None:
    if recommendation.inspection.status != Inspection.Status.PUBLISHED:
        raise ValidationError(NOT_PUBLISHED, code="not_published")


def _check_date(
    value: datetime.date, *, field: str, not_before: datetime.date | None = None
) -> None:
    if value > timezone.localdate():
        raise _invalid(field, _("The date cannot be in the future."), code="future")
    if not_before and value < not_before:
        raise _invalid(
            field,
            _("The date cannot be before the report was published (%(date)s).")
            % {"date": f"{not_before:%-d %B %Y}"},
            code="before_publication",
        )


def _check_links(links: Iterable[str], *, field: str = "links") -> list[str]:
    links = [link.strip() for link in links if link and link.strip()]
    if len(links) > MAX_LINKS:
        raise _invalid(
            field, _("Give at most %(max)d links.") % {"max": MAX_LINKS}, code="too_many"
        )
    bad = web_address_errors(links)
    if bad:
        raise ValidationError({field: bad})
    return links
