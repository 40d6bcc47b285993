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
            "rank",
            "ranked_of",
            "forces_inspected",
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


class StatisticIndicatorSerializer(serializers.ModelSerializer):
    """A case-file statistic's rate and 95% Wilson interval against the national rate."""

    inspection = serializers.CharField(source="statistic.inspection.slug", read_only=True)
    about = serializers.CharField(source="statistic.about", read_only=True)
    force = _slug()
    measure = _slug(allow_null=True, help_text="Null when the statistic has no shared measure.")

    class Meta:
        model = StatisticIndicator
        fields = [
            "statistic",
            "inspection",
            "force",
            "measure",
            "about",
            "rate",
            "ci_low",
            "ci_high",
            "national_rate",
            "comparison",
            "computed_at",
        ]


class MeasureIndicatorSerializer(serializers.ModelSerializer):
    measure = _slug()
    name = serializers.CharField(source="measure.name", read_only=True)

    class Meta:
        model = MeasureIndicator
        fields = [
            "measure",
            "name",
            "numerator",
            "denominator",
            "rate",
            "ci_low",
            "ci_high",
            "inspections",
            "computed_at",
        ]


class ThemeIndicatorSerializer(serializers.ModelSerializer):
    programme = _slug()
    theme = _slug()
    name = serializers.CharField(source="theme.name", read_only=True)

    class Meta:
        model = ThemeIndicator
        fields = ["programme", "theme", "name", "causes_of_concern", "forces", "computed_at"]
