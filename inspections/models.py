"""Forces, inspection programmes with their areas and grade scales, inspections and judgments."""

import datetime

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from inspections.choices import InspectionStatus
from inspections.partial_dates import write_partial_date
from inspections.querysets import InspectionQuerySet


class Force(models.Model):
    """One of the 43 territorial police forces of England and Wales."""

    class Country(models.TextChoices):
        ENGLAND = "England", _("England")
        WALES = "Wales", _("Wales")

    name = models.CharField(max_length=100, unique=True)
    short_name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    region = models.CharField(max_length=60)
    country = models.CharField(max_length=10, choices=Country)
    aliases = models.JSONField(
        default=list, blank=True, help_text=_("Other names the force is known by in reports.")
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def names(self) -> list[str]:
        """Every name a report may use for the force."""
        return [self.name, self.short_name, *self.aliases]


class GradeScale(models.Model):
    """An ordered set of grades a programme judges on, e.g. outstanding to inadequate."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    def __str__(self):
        return self.name


class Grade(models.Model):
    """One step of a grade scale; a higher score is a better grade."""

    scale = models.ForeignKey(GradeScale, models.CASCADE, related_name="grades")
    slug = models.SlugField(max_length=60)
    name = models.CharField(max_length=60)
    score = models.PositiveSmallIntegerField(help_text=_("Higher is better."))

    class Meta:
        ordering = ["scale", "-score"]
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "slug"],
                name="inspections_grade_unique_slug",
                violation_error_message=_("This scale already has a grade with that slug."),
            ),
            models.UniqueConstraint(
                fields=["scale", "score"],
                name="inspections_grade_unique_score",
                violation_error_message=_("This scale already has a grade with that score."),
            ),
        ]

    def __str__(self):
        return self.name


class Programme(models.Model):
    """An inspection programme with its own assessment areas and grade scale."""

    name = models.CharField(max_length=120, unique=True)
    short_name = models.CharField(max_length=30, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    methodology_version = models.CharField(
        max_length=60, help_text=_("Grades from different methodology versions are not comparable.")
    )
    scale = models.ForeignKey(GradeScale, models.PROTECT, related_name="programmes")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class AssessmentArea(models.Model):
    """One area a programme grades, e.g. 'Working with safeguarding partners'."""

    programme = models.ForeignKey(Programme, models.CASCADE, related_name="areas")
    slug = models.SlugField(max_length=60)
    name = models.CharField(max_length=150)
    short_name = models.CharField(max_length=60)
    position = models.PositiveSmallIntegerField()
    aliases = models.JSONField(
        default=list, blank=True, help_text=_("Other wordings of the area in reports and sources.")
    )

    class Meta:
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "slug"],
                name="inspections_assessmentarea_unique_slug",
                violation_error_message=_("This programme already has an area with that slug."),
            ),
        ]

    def __str__(self):
        return self.name

    def names(self) -> list[str]:
        """Every wording a report or source may use for the area."""
        return [self.name, self.short_name, *self.aliases]


class Inspection(models.Model):
    """One programme's inspection of one force, from draft to publication."""

    Status = InspectionStatus

    class Precision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")
        # A report known to be published (its page exists) on a date no source gives: the
        # date is left empty rather than guessed.
        NOT_KNOWN = "not_known", _("Not known")

    slug = models.SlugField(
        max_length=120, unique=True, help_text=_("e.g. gloucestershire-ncpi-2025-05-21")
    )
    force = models.ForeignKey(Force, models.PROTECT, related_name="inspections")
    programme = models.ForeignKey(Programme, models.PROTECT, related_name="inspections")
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    embargo_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When a scheduled inspection is published.")
    )
    published = models.DateField(_("published date"), null=True, blank=True)
    published_precision = models.CharField(
        max_length=9,
        choices=Precision,
        default=Precision.DAY,
        help_text=_("How precisely the source gives the published date."),
    )
    fieldwork_start = models.DateField(null=True, blank=True)
    fieldwork_end = models.DateField(null=True, blank=True)
    hm_inspector = models.CharField(_("HM Inspector"), max_length=120, blank=True)
    summary = models.TextField(blank=True, help_text=_("The report's summary of its judgments."))
    hm_inspector_summary = models.TextField(_("HM Inspector's summary"), blank=True)
    report_url = models.URLField(_("report URL"), max_length=500, blank=True)
    source_url = models.URLField(
        _("source URL"), max_length=500, blank=True, help_text=_("Where the data was taken from.")
    )
    action_plan_due = models.DateField(null=True, blank=True)
    areas_graded = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_(
            "How many areas the report graded, where a source says: the 'of how many' of its "
            "grade counts."
        ),
    )
    is_synthetic = models.BooleanField(
        default=False, help_text=_("Generated for demonstrations and benchmarks, not real.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["force", "-published"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published")
                | Q(published__isnull=False)
                | Q(published_precision="not_known"),
                name="inspections_inspection_published_has_date",
                violation_error_message=_(
                    "Published date: a published inspection must have a published date. "
                    "(Where no source gives one, choose the precision “Not known”.)"
                ),
            ),
            models.CheckConstraint(
                condition=~Q(published_precision="not_known") | Q(published__isnull=True),
                name="inspections_inspection_unknown_date_is_empty",
                violation_error_message=_(
                    "Published date: a date that is not known must be left empty."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(embargo_at__isnull=False),
                name="inspections_inspection_scheduled_has_embargo",
                violation_error_message=_(
                    "Embargo time: a scheduled inspection must have an embargo time."
                ),
            ),
            models.CheckConstraint(
                condition=Q(published__isnull=True)
                | Q(published_precision="day")
                | Q(published_precision="month", published__day=1)
                | Q(published_precision="year", published__day=1, published__month=1),
                name="inspections_inspection_published_matches_precision",
                violation_error_message=_(
                    "Published date: a date known only to the month or year must be stored "
                    "as the first day of that month or year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(fieldwork_start__isnull=True)
                | Q(fieldwork_end__isnull=True)
                | Q(fieldwork_end__gte=F("fieldwork_start")),
                name="inspections_inspection_fieldwork_in_order",
                violation_error_message=_("Fieldwork end: fieldwork cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(published__isnull=True)
                | Q(action_plan_due__isnull=True)
                | Q(action_plan_due__gte=F("published")),
                name="inspections_inspection_action_plan_after_publication",
                violation_error_message=_(
                    "Action plan due: the action plan cannot be due before publication."
                ),
            ),
        ]

    def __str__(self):
        when = self.published_label() or _("unpublished")
        return f"{self.force.short_name}: {self.programme.short_name}, {when}"

    def get_absolute_url(self):
        return reverse("inspections:inspection", args=[self.slug])

    @property
    def is_published(self) -> bool:
        """Published: open to all, and to progress tracking."""
        return self.status == self.Status.PUBLISHED

    def published_label(self) -> str:
        """The published date written to the precision the source gives."""
        return write_partial_date(self.published, self.published_precision)

    @staticmethod
    def default_action_plan_due(published: datetime.date) -> datetime.date:
        """The report's 'Next steps': an action plan within eight weeks of publication."""
        return published + datetime.timedelta(weeks=8)


class Judgment(models.Model):
    """The grade an inspection gives one assessment area, with the sentence that gives it."""

    inspection = models.ForeignKey(Inspection, models.CASCADE, related_name="judgments")
    area = models.ForeignKey(AssessmentArea, models.PROTECT, related_name="judgments")
    grade = models.ForeignKey(Grade, models.PROTECT, related_name="judgments")
    summary = models.TextField(blank=True)
    source_url = models.URLField(
        _("source URL"),
        max_length=500,
        blank=True,
        help_text=_("Where this grade was found, when not in the report itself."),
    )

    class Meta:
        ordering = ["inspection", "area__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "area"],
                name="inspections_judgment_one_per_area",
                violation_error_message=_(
                    "Area: this inspection already has a judgment for this area."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.area}: {self.grade}"

    def clean(self):
        errors = area_in_programme_errors(self)
        inspection, grade = related_or_none(self, "inspection"), related_or_none(self, "grade")
        if inspection and grade and grade.scale_id != inspection.programme.scale_id:
            errors["grade"] = _("“%(grade)s” is not on the %(programme)s grade scale.") % {
                "grade": grade,
                "programme": inspection.programme,
            }
        if errors:
            raise ValidationError(errors)


class GradeCount(models.Model):
    """How many of an inspection's graded areas got one grade, as a source gives it, without
    saying which areas ('four areas were graded requires improvement').

    Counts are of the inspection's areas_graded; grades of areas the sources name are
    judgments, and must agree with the counts (inspections/grade_profiles.py). The database
    refuses counts that add up to more than areas_graded (inspections/db_rules.py).
    """

    inspection = models.ForeignKey(Inspection, models.CASCADE, related_name="grade_counts")
    grade = models.ForeignKey(Grade, models.PROTECT, related_name="+")
    count = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["inspection", "-grade__score"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "grade"],
                name="inspections_gradecount_one_per_grade",
                violation_error_message=_("Grade: this inspection already has a count for it."),
            ),
            models.CheckConstraint(
                condition=Q(count__gte=0),
                name="inspections_gradecount_count_not_negative",
                violation_error_message=_("Count: a count cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.inspection}: {self.count} {self.grade}"


class ForceMembership(models.Model):
    """Links a force leader's account to the one force they act for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="force_membership"
    )
    force = models.ForeignKey(Force, models.CASCADE, related_name="memberships")

    def __str__(self):
        return f"{self.user} ({self.force.short_name})"


class MonitoringStage(models.Model):
    """A period of the inspectorate's routine ('scan') or enhanced ('engage') monitoring."""

    class Stage(models.TextChoices):
        SCAN = "scan", _("Scan (routine monitoring)")
        ENGAGE = "engage", _("Engage (enhanced monitoring)")

    force = models.ForeignKey(Force, models.CASCADE, related_name="monitoring_stages")
    stage = models.CharField(max_length=6, choices=Stage)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    reason = models.TextField()

    class Meta:
        ordering = ["force", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="inspections_monitoringstage_ends_after_start",
                violation_error_message=_("Ended on: a stage cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="inspections_monitoringstage_has_reason",
                violation_error_message=_("Reason: say why the force is at this stage."),
            ),
        ]

    def __str__(self):
        return f"{self.force.short_name}: {self.get_stage_display()} from {self.started_on}"


def related_or_none(instance, name):
    """Return a foreign-key target, or None while a form has not set it yet."""
    try:
        return getattr(instance, name)
    except ObjectDoesNotExist:
        return None


def area_in_programme_errors(instance) -> dict:
    """Name the area field when it is not one of the inspection's programme areas."""
    inspection, area = related_or_none(instance, "inspection"), related_or_none(instance, "area")
    if inspection is None or area is None or inspection.programme_id is None:
        return {}
    if area.programme_id == inspection.programme_id:
        return {}
    return {
        "area": _("“%(area)s” is not an area of the %(programme)s programme.")
        % {"area": area, "programme": inspection.programme}
    }
