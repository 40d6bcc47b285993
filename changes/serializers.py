"""The API's shape of a change-log event: what changed, about whom, in the log's own words."""

from rest_framework import serializers

from changes.describe import Description, describe
from changes.models import ChangeEvent
from inspections import policy


class ChangeEventSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    force = serializers.CharField(source="force.slug", read_only=True)
    force_name = serializers.CharField(source="force.name", read_only=True)
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    area = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    inspection = serializers.SerializerMethodField(
        help_text="The inspection's slug, if it is still there and you may see it."
    )
    inspection_url = serializers.SerializerMethodField(
        help_text="The inspection's public report page, once it is published."
    )
    recommendation = serializers.SerializerMethodField(
        help_text="The recommendation's id (see /api/recommendations/{id}/), if you may see it."
    )
    title = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(
        help_text="Where to read more: the inspection's page, or the force's if it was removed."
    )

    class Meta:
        model = ChangeEvent
        fields = [
            "id",
            "kind",
            "kind_label",
            "happened_at",
            "force",
            "force_name",
            "programme",
            "area",
            "inspection",
            "inspection_url",
            "recommendation",
            "before",
            "after",
            "title",
            "summary",
            "url",
            "visibility",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "before": {"help_text": "What changed, as it was: plain values, by kind."},
            "after": {"help_text": "What changed, as it became."},
        }

    def get_inspection(self, event: ChangeEvent) -> str | None:
        return event.inspection.slug if self._sees_inspection(event) else None

    def get_inspection_url(self, event: ChangeEvent) -> str | None:
        inspection = event.inspection
        return self._description(event).url if inspection and inspection.is_published else None

    def get_recommendation(self, event: ChangeEvent) -> int | None:
        # A recommendation is seen with its inspection, the event's own.
        return event.recommendation_id if self._sees_inspection(event) else None

    def get_title(self, event: ChangeEvent) -> str:
        return self._description(event).title

    def get_summary(self, event: ChangeEvent) -> str:
        return self._description(event).summary

    def get_url(self, event: ChangeEvent) -> str:
        return self._description(event).url

    def _sees_inspection(self, event: ChangeEvent) -> bool:
        user = getattr(self.context.get("request"), "user", None)
        return event.inspection is not None and policy.allows(user, policy.VIEW, event.inspection)

    @staticmethod
    def _description(event: ChangeEvent) -> Description:
        if not hasattr(event, "_description"):
            event._description = describe(event)
        return event._description
