"""Precomputed indicators: what dashboards read instead of computing per request."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ForceIndicatorState(models.Model):
    """When a force's indicators were last computed, and whether a change is waiting for them."""

    force = models.OneToOneField(
        "inspections.Force", models.CASCADE, related_name="indicator_state"
    )
    stale = models.BooleanField(
        default=False, help_text=_("Data changed but the recompute could not be queued.")
    )
    stale_since = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.force}: {'stale' if self.stale else 'fresh'}"


class ActionPlanStatus(models.TextChoices):
    NONE = "none", _("Not recorded")
    DUE = "due", _("Due")
    SUBMITTED = "submitted", _("Submitted")
    OVERDUE = "overdue", _("Overdue")


class GradeIndicator(models.Model):
    """Grades and recommendation counts for one scope of one programme.

    The scope is a force (or the nation, when force is empty) and an area (or all areas,
    when area is empty). Force rows describe the force's latest published inspection.
    """

    programme = models.ForeignKey("inspections.Programme", models.CASCADE, related_name="+")
    force = models.ForeignKey(
        "inspections.Force", models.CASCADE, null=True, blank=True, related_name="+"
    )
    area = models.ForeignKey(
        "inspections.AssessmentArea", models.CASCADE, null=True, blank=True, related_name="+"
    )
    inspection = models.ForeignKey(
        "inspections.Inspection", models.CASCADE, null=True, blank=True, related_name="+"
    )
    grade = models.ForeignKey(
        "inspections.Grade", models.PROTECT, null=True, blank=True, related_name="+"
    )
    previous_grade = models.ForeignKey(
        "inspections.Grade", models.PROTECT, null=True, blank=True, related_name="+"
    )
    grade_change = models.FloatField(
        null=True, blank=True, help_text=_("Score now minus score at the previous inspection.")
    )
    grade_counts = models.JSONField(default=dict, help_text=_("Grade slug to number of grades."))
    grade_score = models.FloatField(
        null=True, blank=True, help_text=_("Area rows: the grade's score. Empty on other rows.")
    )
    areas_total = models.PositiveSmallIntegerField(
        default=0, help_text=_("How many areas the programme grades: the profile is 'of' these.")
    )
    recommendations_entered = models.BooleanField(
        default=False,
        help_text=_(
            "Whether the findings or recommendations of the latest inspection (national rows: "
            "of any force's) were entered. A report known only by its grades has none, and "
            "its counts are not known rather than zero."
        ),
    )
    forces_inspected = models.PositiveSmallIntegerField(
        default=0, help_text=_("National rows: forces with a published inspection.")
    )
    recommendations_open = models.PositiveIntegerField(default=0)
    recommendations_overdue = models.PositiveIntegerField(default=0)
    recommendations_met = models.PositiveIntegerField(default=0)
    recommendations_not_met = models.PositiveIntegerField(default=0)
    median_days_to_met = models.FloatField(null=True, blank=True)
    days_to_met = models.JSONField(
        default=list, help_text=_("Days from publication to met, one per met recommendation.")
    )
    days_to_met_counts = models.JSONField(
        null=True,
        blank=True,
        help_text=_(
            "National rows: how many met recommendations took each number of days, which "
            "recomputing one force updates by that force's change alone."
        ),
    )
    open_over_time = models.JSONField(
        default=list, help_text=_("[ISO date, open recommendations] at each month end.")
    )
    action_plan_due = models.DateField(null=True, blank=True)
    action_plan_submitted = models.DateField(null=True, blank=True)
    action_plan_status = models.CharField(
        max_length=9, choices=ActionPlanStatus, default=ActionPlanStatus.NONE
    )
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "force", "area"],
                condition=Q(force__isnull=False, area__isnull=False),
                name="dashboards_gradeindicator_one_per_force_area",
            ),
            models.UniqueConstraint(
                fields=["programme", "force"],
                condition=Q(force__isnull=False, area__isnull=True),
                name="dashboards_gradeindicator_one_per_force",
            ),
            models.UniqueConstraint(
                fields=["programme", "area"],
                condition=Q(force__isnull=True, area__isnull=False),
                name="dashboards_gradeindicator_one_per_national_area",
            ),
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(force__isnull=True, area__isnull=True),
                name="dashboards_gradeindicator_one_national",
            ),
        ]

    def __str__(self):
        return f"{self.force or 'England and Wales'} · {self.area or 'all areas'}"


class StatisticComparison(models.TextChoices):
    """How a force's case-file rate stands against the national rate."""

    WORSE = "worse", _("Significantly worse than the national rate")
    SIMILAR = "similar", _("Similar to the national rate")
    BETTER = "better", _("Significantly better than the national rate")
    HIGHER = "higher", _("Significantly higher than the national rate")
    LOWER = "lower", _("Significantly lower than the national rate")
    NOT_COMPARED = "not_compared", _("Not compared")


class MeasureIndicator(models.Model):
    """The pool of one measure across all published inspections, and its national rate.

    The rate is left empty while fewer forces than NATIONAL_COMPARISON_MIN_FORCES contribute:
    a 'national' rate of one or two forces is mostly those forces' own.
    """

    measure = models.OneToOneField("findings.Measure", models.CASCADE, related_name="indicator")
    numerator = models.PositiveIntegerField()
    denominator = models.PositiveIntegerField()
    rate = models.FloatField(null=True, blank=True)
    ci_low = models.FloatField(null=True, blank=True)
    ci_high = models.FloatField(null=True, blank=True)
    inspections = models.PositiveIntegerField()
    forces = models.PositiveIntegerField(
        default=0, help_text=_("How many forces' case files are pooled.")
    )
    computed_at = models.DateTimeField()

    def __str__(self):
        return f"{self.measure}: {self.rate:.3f}"


class ForceMeasurePool(models.Model):
    """One force's case files pooled for one measure: the national pool adds these up, so that
    recomputing one force reads its own case files and 43 pools, not the nation's case files."""

    force = models.ForeignKey("inspections.Force", models.CASCADE, related_name="+")
    measure = models.ForeignKey("findings.Measure", models.CASCADE, related_name="+")
    numerator = models.PositiveIntegerField()
    denominator = models.PositiveIntegerField()
    inspections = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["force", "measure"], name="dashboards_forcemeasurepool_one_per_measure"
            ),
        ]

    def __str__(self):
        return f"{self.force} · {self.measure}: {self.numerator} of {self.denominator}"


class StatisticIndicator(models.Model):
    """One case-file statistic's rate with its 95% Wilson interval, against the national rate."""

    statistic = models.OneToOneField(
        "findings.CaseFileStatistic", models.CASCADE, related_name="indicator"
    )
    force = models.ForeignKey("inspections.Force", models.CASCADE, related_name="+")
    measure = models.ForeignKey(
        "findings.Measure", models.CASCADE, null=True, blank=True, related_name="+"
    )
    rate = models.FloatField()
    ci_low = models.FloatField()
    ci_high = models.FloatField()
    national_rate = models.FloatField(null=True, blank=True)
    comparison = models.CharField(
        max_length=12, choices=StatisticComparison, default=StatisticComparison.NOT_COMPARED
    )
    computed_at = models.DateTimeField()

    def __str__(self):
        return f"{self.statistic}: {self.rate:.3f} ({self.ci_low:.3f}–{self.ci_high:.3f})"


class ThemeIndicator(models.Model):
    """How often a theme recurs in published causes of concern of one programme.

    National rows (no force, no area) count all forces; the rows of one force in one area
    let a filtered page add up only the forces and areas it shows.
    """

    programme = models.ForeignKey("inspections.Programme", models.CASCADE, related_name="+")
    theme = models.ForeignKey("findings.Theme", models.CASCADE, related_name="+")
    force = models.ForeignKey(
        "inspections.Force", models.CASCADE, null=True, blank=True, related_name="+"
    )
    area = models.ForeignKey(
        "inspections.AssessmentArea", models.CASCADE, null=True, blank=True, related_name="+"
    )
    causes_of_concern = models.PositiveIntegerField()
    forces = models.PositiveIntegerField()
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "theme"],
                condition=Q(force__isnull=True),
                name="dashboards_themeindicator_one_per_theme",
            ),
            models.UniqueConstraint(
                fields=["programme", "theme", "force", "area"],
                condition=Q(force__isnull=False),
                name="dashboards_themeindicator_one_per_force_area_theme",
            ),
        ]

    def __str__(self):
        return f"{self.theme}: {self.causes_of_concern}"
