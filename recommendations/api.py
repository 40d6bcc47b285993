"""API for recommendations and their progress logs: reads for everyone who may see the
inspection, progress from the force's leaders, verdicts from inspectors."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from config import api, api_lists
from inspections import policy
from recommendations import filters, serializers, services
from recommendations.models import ProgressUpdate, Recommendation


@extend_schema(responses=api.list_responses(serializers.RecommendationSerializer))
class RecommendationList(api_lists.ListView):
    """Recommendations and areas for improvement, tracked to met, superseded or closed."""

    serializer_class = serializers.RecommendationSerializer
    filterset_class = filters.RecommendationFilter

    def get_queryset(self):
        return (
            Recommendation.objects.visible_to(self.request.user)
            .select_related("inspection__force", "finding__area")
            .prefetch_related("themes")
            .order_by("inspection__slug", "position", "pk")
        )

    def count_rows(self) -> int:
        return policy.count_restricted(
            self.filter_queryset(Recommendation.objects.all()), self.request.user
        )


@extend_schema(
    responses=api.detail_responses(
        serializers.RecommendationDetailSerializer,
        missing="No such recommendation, or one in a draft you may not see.",
    )
)
class RecommendationDetail(generics.RetrieveAPIView):
    """One recommendation with its whole progress log."""

    serializer_class = serializers.RecommendationDetailSerializer

    def get_queryset(self):
        updates = ProgressUpdate.objects.order_by("created_at", "pk")
        return (
            Recommendation.objects.visible_to(self.request.user)
            .select_related("inspection__force", "finding__area")
            .prefetch_related("themes", Prefetch("progress_updates", updates))
        )


@extend_schema(responses=api.list_responses(serializers.ProgressUpdateSerializer))
class ProgressUpdateList(api_lists.ListView):
    """Progress updates, oldest first: the force's reports and the inspectorate's verdicts."""

    serializer_class = serializers.ProgressUpdateSerializer
    filterset_class = filters.ProgressUpdateFilter

    def get_queryset(self):
        # Restricted through the join to the inspection, not `recommendation__in` a list of
        # every visible recommendation, which PostgreSQL reads whole to filter one force's.
        return (
            policy.restrict(ProgressUpdate.objects.all(), self.request.user)
            .select_related("recommendation__inspection")  # whose narrative the user may read
            .order_by("created_at", "pk")
        )

    def count_rows(self) -> int:
        return policy.count_restricted(
            self.filter_queryset(ProgressUpdate.objects.all()), self.request.user
        )


_WRITE_RESPONSES = {
    201: serializers.ProgressUpdateSerializer,
    400: api.BAD_BODY,
    401: api.NOT_SIGNED_IN,
    403: api.error(_("Signed in, but not allowed to do this.")),
    404: api.error(_("No such recommendation, or not one you may see.")),
    409: OpenApiResponse(
        serializers.ConflictSerializer, description=_("Someone else changed it since `version`.")
    ),
    415: api.error(_("The body is not JSON.")),
}
# The writes take JSON only: a form encoding would read an empty field as one left out.
_JSON_ONLY = [
    parser
    for parser in api_settings.DEFAULT_PARSER_CLASSES
    if parser.media_type == "application/json"
]


@extend_schema_view(
    post=extend_schema(
        request=serializers.ProgressInputSerializer,
        responses=_WRITE_RESPONSES,
        summary="Report the force's progress on a recommendation (its force leaders).",
    )
)
class RecordProgress(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = _JSON_ONLY

    def post(self, request, pk: int):
        recommendation = _visible_recommendation(request, pk)
        policy.require(request.user, policy.REPORT, recommendation)
        data = _validated(serializers.ProgressInputSerializer, request)
        data.setdefault("effective_on", timezone.localdate())
        try:
            update = services.record_progress(
                recommendation=recommendation, author=request.user, **data
            )
        except services.VersionConflict as conflict:
            return _conflict(conflict)
        return _created(update, request)


@extend_schema_view(
    post=extend_schema(
        request=serializers.VerificationInputSerializer,
        responses=_WRITE_RESPONSES,
        summary="Record the inspectorate's verdict on a recommendation (inspectors).",
    )
)
class VerifyRecommendation(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = _JSON_ONLY

    def post(self, request, pk: int):
        recommendation = _visible_recommendation(request, pk)
        policy.require(request.user, policy.VERIFY, recommendation)
        data = _validated(serializers.VerificationInputSerializer, request)
        try:
            update = services.verify_recommendation(
                recommendation=recommendation, by=request.user, **data
            )
        except services.VersionConflict as conflict:
            return _conflict(conflict)
        return _created(update, request)


def _visible_recommendation(request, pk: int) -> Recommendation:
    # Not found, rather than forbidden, for a draft the user may not see.
    return get_object_or_404(
        Recommendation.objects.visible_to(request.user).select_related("inspection"), pk=pk
    )


def _validated(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = dict(serializer.validated_data)
    data["expected_version"] = data.pop("version", None)
    return data


def _conflict(conflict: services.VersionConflict) -> Response:
    latest = conflict.latest_update
    return Response(
        {"version": conflict.messages, "latest_update": latest.pk if latest else None},
        status=status.HTTP_409_CONFLICT,
    )


def _created(update: ProgressUpdate, request) -> Response:
    data = serializers.ProgressUpdateSerializer(update, context={"request": request}).data
    return Response(data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("recommendations/", RecommendationList.as_view(), name="recommendation-list"),
    path("recommendations/<int:pk>/", RecommendationDetail.as_view(), name="recommendation-detail"),
    path(
        "recommendations/<int:pk>/progress/",
        RecordProgress.as_view(),
        name="recommendation-progress",
    ),
    path(
        "recommendations/<int:pk>/verification/",
        VerifyRecommendation.as_view(),
        name="recommendation-verification",
    ),
    path("progress-updates/", ProgressUpdateList.as_view(), name="progress-update-list"),
]
