"""What an inspection found: causes of concern, areas for improvement, main findings, case
studies, promising practice, their themes, and the figures the report gives."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from inspections.models import area_in_programme_errors


class Theme(models.Model):
    """A subject that recurs across findings, e.g. missing children or supervision."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100, unique=True)
    match_terms = models.JSONField(
        default=list,
        blank=True,
        help_text=_(
            "Words or phrases that tag an imported finding with this theme, e.g. "
            '["missing child", "missing children", "COMPACT"]. Case is ignored.'
        ),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Finding(models.Model):
    """One finding of an inspection in one assessment area."""

    class Kind(models.TextChoices):
        CAUSE_OF_CONCERN = "cause_of_concern", _("Cause of concern")
        AREA_FOR_IMPROVEMENT = "area_for_improvement", _("Area for improvement")
        MAIN_FINDING = "main_finding", _("Main finding")
        CASE_STUDY = "case_study", _("Case study")
        PROMISING_PRACTICE = "promising_practice", _("Promising practice")

    class Outcome(models.TextChoices):
        GOOD = "good", _("Good service")
        POOR = "poor", _("Poor service")

    inspection = models.ForeignKey(
        "inspections.Inspection", models.CASCADE, related_name="findings"
    )
    area = models.ForeignKey("inspections.AssessmentArea", models.PROTECT, related_name="findings")
    kind = models.CharField(max_length=20, choices=Kind)
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    lead_in = models.CharField(
        max_length=300,
        blank=True,
        help_text=_(
            "Causes of concern only: the words that introduce the recommendations, e.g. "
            "'With immediate effect, Gloucestershire Constabulary should make sure:'."
        ),
    )
    outcome = models.CharField(
        max_length=4, choices=Outcome, blank=True, help_text=_("Case studies only.")
    )
    position = models.PositiveIntegerField(default=0, help_text=_("Order in the report."))
    themes = models.ManyToManyField(Theme, blank=True, related_name="findings")

    class Meta:
        ordering = ["inspection", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="case_study", outcome__in=["good", "poor"])
                | (~Q(kind="case_study") & Q(outcome="")),
                name="findings_finding_outcome_only_for_case_studies",
                violation_error_message=_(
                    "Outcome: a case study needs an outcome (good or poor), and other findings "
                    "have none."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(title=""),
                name="findings_finding_has_title",
                violation_error_message=_("Title: a finding needs a title."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if errors := area_in_programme_errors(self):
            raise ValidationError(errors)


class Polarity(models.TextChoices):
    """Which way is good for a measure: what lets a rate be called better or worse."""

    WORSE = "worse", _("A higher share is worse")
    BETTER = "better", _("A higher share is better")
    NEITHER = "neither", _("No judgement: a higher share is neither better nor worse")


class Measure(models.Model):
    """What a case-file statistic counts, shared across inspections so rates can be pooled."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200, unique=True)
    polarity = models.CharField(max_length=7, choices=Polarity)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class CaseFileStatistic(models.Model):
    """A share of audited case files, e.g. 'voice of the child absent in 25 of 48'."""

    Polarity = Polarity

    inspection = models.ForeignKey(
        "inspections.Inspection", models.CASCADE, related_name="statistics"
    )
    area = models.ForeignKey(
        "inspections.AssessmentArea", models.PROTECT, related_name="statistics"
    )
    measure = models.ForeignKey(
        Measure,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="statistics",
        help_text=_("The shared measure, if any, so the national rate can be compared."),
    )
    numerator = models.PositiveIntegerField()
    denominator = models.PositiveIntegerField()
    about = models.CharField(max_length=300, help_text=_("What was counted."))
    polarity = models.CharField(max_length=7, choices=Polarity)
    sentence = models.TextField(blank=True, help_text=_("The report's sentence that gives it."))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["inspection", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(numerator__lte=F("denominator")),
                name="findings_casefilestatistic_numerator_lte_denominator",
                violation_error_message=_(
                    "Numerator: the numerator cannot exceed the denominator."
                ),
            ),
            models.CheckConstraint(
                condition=Q(denominator__gte=1),
                name="findings_casefilestatistic_denominator_positive",
                violation_error_message=_("Denominator: at least one case file must be counted."),
            ),
        ]

    def __str__(self):
        return f"{self.about}: {self.numerator} of {self.denominator}"

    def clean(self):
        if errors := area_in_programme_errors(self):
            raise ValidationError(errors)

    @property
    def rate(self) -> float:
        return self.numerator / self.denominator


class OtherFigure(models.Model):
    """A figure the report gives that is not a case-file share: FTE, a count or a percentage."""

    class Kind(models.TextChoices):
        FTE = "fte", _("Full-time equivalent: establishment and deployable")
        COUNT = "count", _("Count")
        PERCENT = "percent", _("Percentage")

    inspection = models.ForeignKey(
        "inspections.Inspection", models.CASCADE, related_name="other_figures"
    )
    area = models.ForeignKey(
        "inspections.AssessmentArea", models.PROTECT, related_name="other_figures"
    )
    kind = models.CharField(max_length=7, choices=Kind)
    about = models.CharField(max_length=300)
    establishment = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    deployable = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    sentence = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["inspection", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind="fte",
                    establishment__isnull=False,
                    establishment__gte=0,
                    deployable__isnull=False,
                    deployable__gte=0,
                    value__isnull=True,
                )
                | (
                    # isnull=False: a NULL would make the check unknown, and SQL lets it pass.
                    Q(kind__in=["count", "percent"], value__isnull=False, value__gte=0)
                    & Q(establishment__isnull=True, deployable__isnull=True)
                ),
                name="findings_otherfigure_fields_match_kind",
                violation_error_message=_(
                    "An FTE figure needs establishment and deployable (not negative) and no value; "
                    "a count or percentage needs a value (not negative) and nothing else."
                ),
            ),
        ]

    def __str__(self):
        return self.about

    def clean(self):
        if errors := area_in_programme_errors(self):
            raise ValidationError(errors)
