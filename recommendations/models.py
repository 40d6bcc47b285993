"""Recommendations and areas for improvement, tracked with append-only progress updates."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from inspections.models import related_or_none


class Acceptance(models.TextChoices):
    UNKNOWN = "unknown", _("Not yet known")
    ACCEPTED = "accepted", _("Accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


class ForceStatus(models.TextChoices):
    """What the force reports about its own work."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    REPORTED_COMPLETE = "reported_complete", _("Force reports complete")


class VerificationStatus(models.TextChoices):
    """What the inspectorate has assessed; only inspectors set these."""

    AWAITING_REVIEW = "awaiting_review", _("Awaiting review")
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    SUPERSEDED = "superseded", _("Superseded by a later inspection")
    CLOSED = "closed", _("Closed")


# A recommendation is open until the inspectorate finds it met, superseded or closed.
CLOSED_STATES = (VerificationStatus.MET, VerificationStatus.SUPERSEDED, VerificationStatus.CLOSED)


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
    url = models.URLField(max_length=500, blank=True)

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
