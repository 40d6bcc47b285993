"""The API's shape of findings, themes, case-file statistics and other figures."""

from rest_framework import serializers

from findings.models import CaseFileStatistic, Finding, Measure, OtherFigure, Theme


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["slug", "name"]


class MeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Measure
        fields = ["slug", "name", "polarity"]


class _InInspection(serializers.ModelSerializer):
    """Where a row sits: its inspection, force and assessment area, by slug."""

    inspection = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    force = serializers.CharField(source="inspection.force.slug", read_only=True)
    area = serializers.CharField(source="area.slug", read_only=True)

    class Meta:
        fields = ["id", "inspection", "force", "area"]


class FindingSerializer(_InInspection):
    themes = ThemeSerializer(many=True, read_only=True)

    class Meta:
        model = Finding
        fields = [
            *_InInspection.Meta.fields,
            "kind",
            "title",
            "body",
            "outcome",
            "position",
            "themes",
        ]


class CaseFileStatisticSerializer(_InInspection):
    measure = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The shared measure, if any; null otherwise.",
    )
    rate = serializers.FloatField(read_only=True)

    class Meta:
        model = CaseFileStatistic
        fields = [
            *_InInspection.Meta.fields,
            "measure",
            "about",
            "numerator",
            "denominator",
            "rate",
            "polarity",
            "sentence",
            "position",
        ]


class OtherFigureSerializer(_InInspection):
    class Meta:
        model = OtherFigure
        fields = [
            *_InInspection.Meta.fields,
            "kind",
            "about",
            "establishment",
            "deployable",
            "value",
            "sentence",
            "position",
        ]
