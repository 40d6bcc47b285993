"""Recommendations and areas for improvement, tracked with append-only progress updates."""

import datetime
import uuid
from pathlib import PurePath

import simple_history
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from inspections.models import Inspection, Judgment, related_or_none
from inspections.validators import validate_web_address
from recommendations.choices import (
    CLOSED_STATES,
    Acceptance,
    ForceStatus,
    VerificationStatus,
    choice_label,
)
from recommendations.querysets import RecommendationQuerySet
from recommendations.wording import whole_recommendation


class Recommendation(models.Model):
    """A recommendation under a cause of concern, or an area for improvement, to be tracked."""

    class Kind(models.TextChoices):
        RECOMMENDATION = "recommendation", _("Recommendation")
        AREA_FOR_IMPROVEMENT = "area_for_improvement", _("Area for improvement")

    # Which finding kind each tracked kind hangs from.
    PARENT_KIND = {
        Kind.RECOMMENDATION: "cause_of_concern",
        Kind.AREA_FOR_IMPROVEMENT: "area_for_improvement",
    }

    inspection = models.ForeignKey(
        "inspections.Inspection", models.CASCADE, related_name="recommendations"
    )
    finding = models.ForeignKey(
        "findings.Finding",
        models.CASCADE,
        related_name="recommendations",
        help_text=_("The cause of concern it answers, or the area for improvement itself."),
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.RECOMMENDATION)
    text = models.TextField()
    timescale = models.CharField(max_length=120, blank=True)
    position = models.PositiveIntegerField(default=0)
    due_date = models.DateField(null=True, blank=True)
    acceptance = models.CharField(max_length=12, choices=Acceptance, default=Acceptance.UNKNOWN)
    force_status = models.CharField(
        max_length=17, choices=ForceStatus, default=ForceStatus.NOT_STARTED
    )
    verification_status = models.CharField(
        max_length=15, choices=VerificationStatus, default=VerificationStatus.AWAITING_REVIEW
    )
    themes = models.ManyToManyField("findings.Theme", blank=True, related_name="recommendations")
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text=_("Goes up with every change of status or due date, so edits never cross."),
    )

    objects = RecommendationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["inspection", "position"]
        permissions = [("verify_recommendation", "Can set met, not met, superseded or closed")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""),
                name="recommendations_recommendation_has_text",
                violation_error_message=_("Text: a recommendation needs its text."),
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def clean(self):
        inspection, finding = related_or_none(self, "inspection"), related_or_none(self, "finding")
        if inspection is None or finding is None:
            return
        if finding.inspection_id != inspection.pk:
            raise ValidationError({"finding": _("The finding belongs to another inspection.")})
        if finding.kind != self.PARENT_KIND.get(self.kind):
            raise ValidationError(
                {
                    "finding": _(
                        "A recommendation hangs from a cause of concern, and an area for "
                        "improvement from its own finding: “%(finding)s” is a %(kind)s."
                    )
                    % {"finding": finding, "kind": finding.get_kind_display().lower()}
                }
            )

    @property
    def full_text(self) -> str:
        """The recommendation as one sentence with its list's lead-in, for wherever it stands
        alone; `text` keeps the report's own words. Select the finding with it."""
        return whole_recommendation(lead_in=self.finding.lead_in, text=self.text)

    def is_overdue(self, today: datetime.date) -> bool:
        """Open and past its due date."""
        return (
            self.due_date is not None
            and self.due_date < today
            and self.verification_status not in CLOSED_STATES
        )

    @property
    def awaits_review(self) -> bool:
        """A claim of completion no inspector has assessed yet (the queryset's
        `awaiting_review()`)."""
        return (
            self.force_status == ForceStatus.REPORTED_COMPLETE
            and self.verification_status == VerificationStatus.AWAITING_REVIEW
        )

    def due_label(self, *, short: bool = False) -> str:
        """When it is due: its date ("short": 16 Jul 2025), else the report's timescale ("With
        immediate effect"), else that no date is set."""
        if self.due_date:
            return date_format(self.due_date, "j M Y" if short else "j F Y")
        return capfirst(self.timescale) or str(_("No date set"))

    def kind_label(self) -> str:
        return choice_label(self.Kind, self.kind)

    def acceptance_label(self) -> str:
        return choice_label(Acceptance, self.acceptance)

    def force_status_label(self) -> str:
        return choice_label(ForceStatus, self.force_status)

    @property
    def force_status_tag(self) -> str:
        """The GOV.UK tag class of the force's claim."""
        return FORCE_STATUS_TAGS.get(self.force_status, "govuk-tag--grey")

    def verification_label(self) -> str:
        """The inspectorate's side in words: "Awaiting review" only for a claim of completion
        waiting for an inspector; before any claim or assessment, "No update yet"."""
        if (
            self.verification_status == VerificationStatus.AWAITING_REVIEW
            and not self.awaits_review
        ):
            return str(_("No update yet"))
        return choice_label(VerificationStatus, self.verification_status)

    @property
    def verification_tag(self) -> str:
        """The GOV.UK tag class of the inspectorate's side: yellow only for a claim waiting."""
        if self.awaits_review:
            return "govuk-tag--yellow"
        return VERIFICATION_TAGS.get(self.verification_status, "govuk-tag--grey")

    def disagreement(self) -> str:
        """Say where the force's claim and the inspectorate's assessment disagree, if they do."""
        complete = self.force_status == ForceStatus.REPORTED_COMPLETE
        if complete and self.verification_status == VerificationStatus.NOT_MET:
            return _("The force reports it complete; the inspectorate found it not met.")
        if not complete and self.verification_status == VerificationStatus.MET:
            return _("The inspectorate found it met; the force reports it %(status)s.") % {
                "status": self.force_status_label().lower()
            }
        if complete and self.acceptance == Acceptance.NOT_ACCEPTED:
            return _("The force did not accept it, yet reports it complete.")
        return ""


FORCE_STATUS_TAGS = {
    ForceStatus.REPORTED_COMPLETE: "govuk-tag--blue",
    ForceStatus.IN_PROGRESS: "govuk-tag--light-blue",
}
VERIFICATION_TAGS = {
    VerificationStatus.MET: "govuk-tag--green",
    VerificationStatus.NOT_MET: "govuk-tag--red",
}


class ProgressUpdate(models.Model):
    """One entry in a recommendation's append-only progress log; corrections are new entries."""

    recommendation = models.ForeignKey(
        Recommendation, models.PROTECT, related_name="progress_updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    effective_on = models.DateField(help_text=_("The date the progress refers to."))
    force_status = models.CharField(max_length=17, choices=ForceStatus, blank=True)
    verification_status = models.CharField(max_length=15, choices=VerificationStatus, blank=True)
    narrative = models.TextField(blank=True)

    class Meta:
        ordering = ["recommendation", "created_at"]
        indexes = [
            # The API lists updates oldest first: a page of them reads the first rows of this
            # index instead of sorting a million rows.
            models.Index(fields=["created_at", "id"], name="recommendations_update_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(force_status="", verification_status="", narrative=""),
                name="recommendations_progressupdate_not_empty",
                violation_error_message=_(
                    "An update needs a status, a verification or a narrative."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.recommendation}: {self.effective_on}"


class DueDateRevision(models.Model):
    """A change to a recommendation's due date, kept with the reason for it."""

    recommendation = models.ForeignKey(
        Recommendation, models.CASCADE, related_name="due_date_revisions"
    )
    previous_due_date = models.DateField(null=True, blank=True)
    new_due_date = models.DateField()
    reason = models.TextField()
    revised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revised_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recommendation", "revised_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="recommendations_duedaterevision_has_reason",
                violation_error_message=_("Reason: a due date can be revised only with a reason."),
            ),
        ]

    def __str__(self):
        return f"{self.previous_due_date} → {self.new_due_date}"


class FollowUpDuty(models.Model):
    """A duty after publication: the force's action plan, or the commissioner's response."""

    class Kind(models.TextChoices):
        ACTION_PLAN = "action_plan", _("Force action plan")
        PCC_RESPONSE = "pcc_response", _("Police and crime commissioner's response")

    inspection = models.ForeignKey(
        "inspections.Inspection", models.CASCADE, related_name="follow_up_duties"
    )
    kind = models.CharField(max_length=12, choices=Kind)
    due_date = models.DateField()
    submitted_on = models.DateField(null=True, blank=True)
    url = models.URLField(max_length=500, blank=True, validators=[validate_web_address])

    class Meta:
        ordering = ["inspection", "due_date"]
        verbose_name_plural = "follow-up duties"
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "kind"],
                name="recommendations_followupduty_one_per_kind",
                violation_error_message=_("Kind: this inspection already has that duty."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} due {self.due_date}"


# Evidence files are kept under MEDIA_ROOT, which no URL serves: only the evidence view does.
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def evidence_path(instance: "Evidence", filename: str) -> str:
    """Store under a random name: the uploader's file name is kept only as data."""
    suffix = PurePath(filename).suffix.lower()
    return f"evidence/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    """A file or a link given as evidence with a progress update; like the update, never edited."""

    progress_update = models.ForeignKey(ProgressUpdate, models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=255, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True, validators=[validate_web_address])
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["progress_update", "pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="") & Q(size__isnull=True))
                | (
                    ~Q(file="")
                    & Q(url="")
                    & ~Q(original_name="")
                    & ~Q(content_type="")
                    & Q(size__isnull=False, size__lte=EVIDENCE_MAX_BYTES)
                ),
                name="recommendations_evidence_file_or_link",
                violation_error_message=_(
                    "Evidence is either a link or a file of at most 10 MB with its name and type."
                ),
            ),
        ]

    def __str__(self):
        return self.original_name or self.url


class SentReminder(models.Model):
    """A reminder claimed for one recipient, about one thing, in one period: sent at most once."""

    class Kind(models.TextChoices):
        NO_RECENT_UPDATE = "no_recent_update", _("No update in 90 days")
        ACTION_PLAN_DUE = "action_plan_due", _("Action plan due within 7 days")
        RECOMMENDATION_OVERDUE = "recommendation_overdue", _("Recommendation overdue")
        ACTION_PLAN_OVERDUE = "action_plan_overdue", _("Action plan overdue")
        REVIEW_DIGEST = "review_digest", _("Weekly digest of claims to review")

    kind = models.CharField(max_length=22, choices=Kind)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField(
        help_text=_("The recommendation or duty reminded of; 0 for a digest.")
    )
    period = models.CharField(max_length=20, help_text=_("e.g. 2025-06, 2025-W23 or a due date"))
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-claimed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "object_id", "period"],
                name="recommendations_sentreminder_once_per_period",
                violation_error_message=_("This reminder was already sent in this period."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.recipient} ({self.period})"


# Grades and publication are inspections' data; their history is kept here, beside the
# recommendations' own, so that app's models stay as they are.
simple_history.register(Inspection, app="recommendations")
simple_history.register(Judgment, app="recommendations")
