"""The change log: one row per change worth following, written with the change itself."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from changes.querysets import ChangeEventQuerySet


class Visibility(models.TextChoices):
    """Who may see an event: anyone, or the inspectorate and the force it is about."""

    PUBLIC = "public", _("Public")
    INSPECTORATE_AND_FORCE = "inspectorate_and_force", _("Inspectorate and the force")


class ChangeKind(models.TextChoices):
    """What kind of change an event records."""

    INSPECTION_PUBLISHED = "inspection_published", _("Inspection published")
    EMBARGO_SET = "embargo_set", _("Embargo set")
    GRADE_RECORDED = "grade_recorded", _("Grade recorded")
    GRADE_CORRECTED = "grade_corrected", _("Grade corrected")
    CAUSE_OF_CONCERN_ADDED = "cause_of_concern_added", _("Cause of concern added")
    RECOMMENDATION_ADDED = "recommendation_added", _("Recommendation added")
    RECOMMENDATION_STATUS_CHANGED = (
        "recommendation_status_changed",
        _("Recommendation status changed"),
    )
    DUE_DATE_CHANGED = "due_date_changed", _("Due date changed")
    DUTY_SUBMITTED = "duty_submitted", _("Follow-up duty submitted")
    DUTY_OVERDUE = "duty_overdue", _("Follow-up duty overdue")


def _kept_link(to: str, related_name: str = "+") -> models.ForeignKey:
    """An optional link that the log outlives: a replaced draft or removed row leaves it empty."""
    return models.ForeignKey(to, models.SET_NULL, null=True, blank=True, related_name=related_name)


class ChangeEvent(models.Model):
    """Something that changed about a force's inspection results, e.g. 'grade recorded'.

    An event's visibility is fixed when it is recorded: public when what it describes was
    public at that moment (a published inspection), otherwise for the inspectorate and the
    force. A draft's events stay private after the draft is published: they describe a state
    the public never saw, and subscribers would be told of changes "since" a version that was
    never theirs. The public learns of the draft through its own 'inspection published' event,
    which carries what was published. No event ever carries a force's progress narrative.
    """

    Kind = ChangeKind

    kind = models.CharField(max_length=32, choices=Kind)
    force = models.ForeignKey("inspections.Force", models.CASCADE, related_name="change_events")
    programme = _kept_link("inspections.Programme")
    area = _kept_link("inspections.AssessmentArea")
    inspection = _kept_link("inspections.Inspection", related_name="change_events")
    recommendation = _kept_link("recommendations.Recommendation", related_name="change_events")
    duty = _kept_link("recommendations.FollowUpDuty", related_name="change_events")
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    visibility = models.CharField(max_length=22, choices=Visibility)
    happened_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ChangeEventQuerySet.as_manager()

    class Meta:
        ordering = ["happened_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ChangeKind.values),
                name="changes_changeevent_kind_known",
                violation_error_message=_("Kind: choose one of the kinds of change."),
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values),
                name="changes_changeevent_visibility_known",
                violation_error_message=_("Visibility: choose public or inspectorate and force."),
            ),
            # The overdue job runs hourly, perhaps on two workers: a duty is overdue once.
            models.UniqueConstraint(
                fields=["duty"],
                condition=Q(kind=ChangeKind.DUTY_OVERDUE),
                name="changes_changeevent_one_overdue_per_duty",
                violation_error_message=_("This duty is already recorded as overdue."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.force} at {self.happened_at:%Y-%m-%d %H:%M}"
