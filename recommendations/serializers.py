"""The API's shape of recommendations and progress updates, and of the two writes."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from inspections import policy
from inspections.validators import (
    HIDDEN_CLASS,
    WEB_ADDRESS,
    WEB_ADDRESS_MAX_LENGTH,
    regex_class,
    validate_web_address,
)
from recommendations.models import (
    Acceptance,
    ForceStatus,
    ProgressUpdate,
    Recommendation,
)
from recommendations.services import COMMENT_TEXT, MAX_LINKS, NARRATIVE_TEXT, VERIFIED_STATES

# What str.strip() removes, less the hidden characters (which are refused anyway).
_SPACE = regex_class("\t\n\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000")


@extend_schema_field(
    {
        "type": "string",
        "minLength": 1,
        "pattern": f"^[^{HIDDEN_CLASS}]*[^{_SPACE}{HIDDEN_CLASS}][^{HIDDEN_CLASS}]*$",
    }
)
class TypedTextField(serializers.CharField):
    """Text a person types: not only spaces, and no hidden control or text-direction character
    (inspections.validators). The service checks it, with a message naming the character.

    A JSON number is refused rather than read as its digits, as the schema says "string".
    """

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


@extend_schema_field(
    {
        "type": "string",
        "format": "uri",
        "minLength": 1,
        "maxLength": WEB_ADDRESS_MAX_LENGTH,
        "pattern": WEB_ADDRESS,
    }
)
class WebAddressField(serializers.CharField):
    """A link, checked by the one web-address validator that the forms and the models use too
    (inspections.validators), so that the API refuses what the pages refuse, in the same words.
    """

    def __init__(self, **kwargs):
        super().__init__(validators=[validate_web_address], **kwargs)


class ProgressUpdateSerializer(serializers.ModelSerializer):
    # The author is left out, and the narrative is given only to those the policy lets track
    # the force: the rest of the log is public once the inspection is.
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
        extra_kwargs = {
            "narrative": {
                "help_text": _(
                    "The force's narrative or the inspector's comment: only for the force's "
                    "own leaders, inspectors and admins."
                )
            }
        }

    def to_representation(self, update: ProgressUpdate) -> dict:
        data = super().to_representation(update)
        user = getattr(self.context.get("request"), "user", None)
        for name in policy.hidden_fields(user, update):
            del data[name]
        return data


class RecommendationSerializer(serializers.ModelSerializer):
    inspection = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    force = serializers.CharField(source="inspection.force.slug", read_only=True)
    area = serializers.CharField(source="finding.area.slug", read_only=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    is_overdue = serializers.SerializerMethodField(
        help_text="Open and past its due date, as of today."
    )
    full_text = serializers.CharField(
        read_only=True,
        help_text="The recommendation as one sentence with its list's lead-in, e.g. "
        "'Gloucestershire Constabulary should make sure it carries out risk assessments in all "
        "cases.'; `text` keeps the report's own words.",
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
            "full_text",
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
    narrative = TypedTextField(max_length=NARRATIVE_TEXT.max_length)
    effective_on = serializers.DateField(
        required=False, help_text="The date the progress refers to; today if left out."
    )
    acceptance = serializers.ChoiceField(
        choices=[Acceptance.ACCEPTED.value, Acceptance.NOT_ACCEPTED.value], required=False
    )
    links = serializers.ListField(
        child=WebAddressField(),
        required=False,
        max_length=MAX_LINKS,
        help_text="Web addresses of the evidence.",
    )


class VerificationInputSerializer(_Versioned):
    """An inspector's assessment of a recommendation."""

    verification_status = serializers.ChoiceField(
        choices=[state.value for state in VERIFIED_STATES]
    )
    comment = TypedTextField(
        max_length=COMMENT_TEXT.max_length, help_text="The reason for the assessment."
    )


class ConflictSerializer(serializers.Serializer):
    """Why a write met a newer version, and the update that made it."""

    version = serializers.ListField(child=serializers.CharField())
    latest_update = serializers.IntegerField(allow_null=True)
