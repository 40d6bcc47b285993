"""The API's shape of recommendations and progress updates, and of the two writes."""

from django.utils import timezone
from rest_framework import serializers

from recommendations.models import (
    Acceptance,
    ForceStatus,
    ProgressUpdate,
    Recommendation,
)
from recommendations.services import MAX_LINKS, VERIFIED_STATES


class ProgressUpdateSerializer(serializers.ModelSerializer):
    # The author is left out: the log is public once the inspection is.
    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "recommendation",
            "created_at",
            "effective_on",
            "force_status",
            "verification_status",
            "narrative",
        ]


class RecommendationSerializer(serializers.ModelSerializer):
    inspection = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    force = serializers.CharField(source="inspection.force.slug", read_only=True)
    area = serializers.CharField(source="finding.area.slug", read_only=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    is_overdue = serializers.SerializerMethodField(
        help_text="Open and past its due date, as of today."
    )

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "inspection",
            "force",
            "finding",
            "area",
            "kind",
            "text",
            "timescale",
            "position",
            "due_date",
            "acceptance",
            "force_status",
            "verification_status",
            "is_overdue",
            "version",
            "themes",
        ]

    def get_is_overdue(self, recommendation: Recommendation) -> bool:
        return recommendation.is_overdue(timezone.localdate())


class RecommendationDetailSerializer(RecommendationSerializer):
    progress_updates = ProgressUpdateSerializer(many=True, read_only=True)

    class Meta(RecommendationSerializer.Meta):
        fields = [*RecommendationSerializer.Meta.fields, "progress_updates"]


class _Versioned(serializers.Serializer):
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="The recommendation's version as you last read it: a 409 if it has moved on.",
    )


class ProgressInputSerializer(_Versioned):
    """A force leader's progress report."""

    force_status = serializers.ChoiceField(choices=ForceStatus.choices)
    narrative = serializers.CharField()
    effective_on = serializers.DateField(
        required=False, help_text="The date the progress refers to; today if left out."
    )
    acceptance = serializers.ChoiceField(
        choices=[Acceptance.ACCEPTED.value, Acceptance.NOT_ACCEPTED.value], required=False
    )
    links = serializers.ListField(
        child=serializers.URLField(max_length=500),
        required=False,
        max_length=MAX_LINKS,
        help_text="Web addresses of the evidence.",
    )


class VerificationInputSerializer(_Versioned):
    """An inspector's assessment of a recommendation."""

    verification_status = serializers.ChoiceField(
        choices=[state.value for state in VERIFIED_STATES]
    )
    comment = serializers.CharField(help_text="The reason for the assessment.")
