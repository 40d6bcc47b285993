"""The API's shape of forces, programmes, inspections and judgments."""

from rest_framework import serializers

from inspections.models import (
    AssessmentArea,
    Force,
    Grade,
    GradeCount,
    GradeScale,
    Inspection,
    Judgment,
    Programme,
)


class ForceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Force
        fields = ["slug", "name", "short_name", "region", "country", "aliases"]


class GradeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Grade
        fields = ["slug", "name", "score"]


class GradeScaleSerializer(serializers.ModelSerializer):
    grades = GradeSerializer(many=True, read_only=True)

    class Meta:
        model = GradeScale
        fields = ["slug", "name", "grades"]


class AssessmentAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssessmentArea
        fields = ["slug", "name", "short_name", "position"]


class ProgrammeSerializer(serializers.ModelSerializer):
    scale = GradeScaleSerializer(read_only=True)
    areas = AssessmentAreaSerializer(many=True, read_only=True)

    class Meta:
        model = Programme
        fields = [
            "slug",
            "name",
            "short_name",
            "methodology_version",
            "description",
            "scale",
            "areas",
        ]


class GradeCountSerializer(serializers.ModelSerializer):
    """How many of the areas graded got one grade, as a source counts them (not which areas)."""

    grade = serializers.CharField(source="grade.slug", read_only=True)
    grade_name = serializers.CharField(source="grade.name", read_only=True)

    class Meta:
        model = GradeCount
        fields = ["grade", "grade_name", "count"]


class InspectionSerializer(serializers.ModelSerializer):
    force = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    published_label = serializers.CharField(read_only=True)
    grade_counts = GradeCountSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "slug",
            "force",
            "programme",
            "status",
            "published",
            "published_precision",
            "published_label",
            "fieldwork_start",
            "fieldwork_end",
            "hm_inspector",
            "summary",
            "report_url",
            "source_url",
            "action_plan_due",
            "areas_graded",
            "grade_counts",
            "is_synthetic",
        ]


class JudgmentSerializer(serializers.ModelSerializer):
    inspection = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    force = serializers.CharField(source="inspection.force.slug", read_only=True)
    programme = serializers.CharField(source="inspection.programme.slug", read_only=True)
    area = serializers.CharField(source="area.slug", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)
    grade = serializers.CharField(source="grade.slug", read_only=True)
    grade_name = serializers.CharField(source="grade.name", read_only=True)
    grade_score = serializers.IntegerField(source="grade.score", read_only=True)

    class Meta:
        model = Judgment
        fields = [
            "id",
            "inspection",
            "force",
            "programme",
            "area",
            "area_name",
            "grade",
            "grade_name",
            "grade_score",
            "summary",
            "source_url",
        ]


class InspectionJudgmentSerializer(serializers.ModelSerializer):
    """A judgment inside its inspection: the area and grade only."""

    area = serializers.CharField(source="area.slug", read_only=True)
    grade = serializers.CharField(source="grade.slug", read_only=True)
    grade_name = serializers.CharField(source="grade.name", read_only=True)

    class Meta:
        model = Judgment
        fields = ["area", "grade", "grade_name", "summary"]


class InspectionDetailSerializer(InspectionSerializer):
    judgments = InspectionJudgmentSerializer(many=True, read_only=True)

    class Meta(InspectionSerializer.Meta):
        fields = [*InspectionSerializer.Meta.fields, "hm_inspector_summary", "judgments"]
