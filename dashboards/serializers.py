"""The API's shape of the precomputed indicators."""

from rest_framework import serializers

from dashboards.models import GradeIndicator, MeasureIndicator, StatisticIndicator, ThemeIndicator


def _slug(**kwargs):
    return serializers.SlugRelatedField(slug_field="slug", read_only=True, **kwargs)


class GradeIndicatorSerializer(serializers.ModelSerializer):
    """Grades and recommendation counts of one force (or the nation) in one area (or all)."""

    programme = _slug()
    force = _slug(allow_null=True, help_text="Null on national rows.")
    area = _slug(allow_null=True, help_text="Null on rows for all areas.")
    inspection = _slug(
        allow_null=True, help_text="The force's latest published inspection; null on national rows."
    )
    grade = _slug(allow_null=True)
    previous_grade = _slug(allow_null=True)

    class Meta:
        model = GradeIndicator
        fields = [
            "programme",
            "force",
            "area",
            "inspection",
            "grade",
            "previous_grade",
            "grade_change",
            "grade_counts",
            "grade_score",
            "areas_total",
            "forces_inspected",
            "recommendations_entered",
            "recommendations_open",
            "recommendations_overdue",
            "recommendations_met",
            "recommendations_not_met",
            "median_days_to_met",
            "days_to_met",
            "open_over_time",
            "action_plan_due",
            "action_plan_submitted",
            "action_plan_status",
            "computed_at",
        ]
        extra_kwargs = {
            name: {"allow_null": True, "help_text": "Null when not entered."}
            for name in (
                "recommendations_open",
                "recommendations_overdue",
                "recommendations_met",
                "recommendations_not_met",
            )
        }

    def to_representation(self, instance):
        """Counts of recommendations never entered are not known, so null rather than 0."""
        data = super().to_representation(instance)
        if not instance.recommendations_entered:
            for name in NOT_KNOWN_UNLESS_ENTERED:
                data[name] = None
        return data


NOT_KNOWN_UNLESS_ENTERED = (
    "recommendations_open",
    "recommendations_overdue",
    "recommendations_met",
    "recommendations_not_met",
    "median_days_to_met",
)


class StatisticIndicatorSerializer(serializers.ModelSerializer):
    """A case-file statistic's rate, its count and 95% Wilson interval, against the national
    rate where enough forces are pooled for one."""

    inspection = serializers.CharField(source="statistic.inspection.slug", read_only=True)
    about = serializers.CharField(source="statistic.about", read_only=True)
    numerator = serializers.IntegerField(source="statistic.numerator", read_only=True)
    denominator = serializers.IntegerField(source="statistic.denominator", read_only=True)
    polarity = serializers.CharField(
        source="statistic.polarity", read_only=True, help_text="worse, better or neither"
    )
    force = _slug()
    measure = _slug(allow_null=True, help_text="Null when the statistic has no shared measure.")
    national_forces = serializers.SerializerMethodField(
        help_text="Forces pooled into the measure's national rate; null without a measure."
    )
    national_case_files = serializers.SerializerMethodField(
        help_text="Case files pooled into the measure's national rate."
    )

    def get_national_forces(self, row) -> int | None:
        pool = _pool(row)
        return pool.forces if pool else None

    def get_national_case_files(self, row) -> int | None:
        pool = _pool(row)
        return pool.denominator if pool else None

    class Meta:
        model = StatisticIndicator
        fields = [
            "statistic",
            "inspection",
            "force",
            "measure",
            "about",
            "polarity",
            "numerator",
            "denominator",
            "rate",
            "ci_low",
            "ci_high",
            "national_rate",
            "national_forces",
            "national_case_files",
            "comparison",
            "computed_at",
        ]


def _pool(row: StatisticIndicator):
    measure = row.measure
    return getattr(measure, "indicator", None) if measure else None


class MeasureIndicatorSerializer(serializers.ModelSerializer):
    """A measure's pool; its national rate is null while fewer than three forces contribute."""

    measure = _slug()
    name = serializers.CharField(source="measure.name", read_only=True)
    polarity = serializers.CharField(source="measure.polarity", read_only=True)

    class Meta:
        model = MeasureIndicator
        fields = [
            "measure",
            "name",
            "polarity",
            "numerator",
            "denominator",
            "rate",
            "ci_low",
            "ci_high",
            "inspections",
            "forces",
            "computed_at",
        ]


class ThemeIndicatorSerializer(serializers.ModelSerializer):
    programme = _slug()
    theme = _slug()
    name = serializers.CharField(source="theme.name", read_only=True)

    class Meta:
        model = ThemeIndicator
        fields = ["programme", "theme", "name", "causes_of_concern", "forces", "computed_at"]
