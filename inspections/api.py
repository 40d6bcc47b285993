"""Read-only API for forces, programmes, inspections and judgments; drafts only for those
who may see them."""

from django.db.models import F, Prefetch
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import generics

from config import api, api_lists
from inspections import filters, serializers
from inspections.models import Force, GradeCount, Inspection, Judgment, Programme

GRADE_COUNTS = Prefetch("grade_counts", GradeCount.objects.select_related("grade"))


@extend_schema(responses=api.list_responses(serializers.ForceSerializer))
class ForceList(api_lists.ListView):
    """The territorial police forces."""

    queryset = Force.objects.order_by("name")
    serializer_class = serializers.ForceSerializer
    filterset_class = filters.ForceFilter


@extend_schema(
    responses=api.detail_responses(serializers.ForceSerializer, missing="No such force.")
)
class ForceDetail(generics.RetrieveAPIView):
    queryset = Force.objects.all()
    serializer_class = serializers.ForceSerializer
    lookup_field = "slug"


@extend_schema(responses=api.list_responses(serializers.ProgrammeSerializer))
class ProgrammeList(api_lists.ListView):
    """Inspection programmes with their assessment areas and grade scale."""

    queryset = (
        Programme.objects.select_related("scale")
        .prefetch_related("areas", "scale__grades")
        .order_by("name")
    )
    serializer_class = serializers.ProgrammeSerializer
    filterset_class = filters.ProgrammeFilter


@extend_schema(
    responses=api.detail_responses(serializers.ProgrammeSerializer, missing="No such programme.")
)
class ProgrammeDetail(generics.RetrieveAPIView):
    queryset = ProgrammeList.queryset
    serializer_class = serializers.ProgrammeSerializer
    lookup_field = "slug"


@extend_schema(responses=api.list_responses(serializers.InspectionSerializer))
class InspectionList(api_lists.ListView):
    """Inspections, newest first: published ones for everyone, drafts for those who may."""

    serializer_class = serializers.InspectionSerializer
    filterset_class = filters.InspectionFilter

    def get_queryset(self):
        return (
            Inspection.objects.visible_to(self.request.user)
            .select_related("force", "programme")
            .prefetch_related(GRADE_COUNTS)
            .order_by(F("published").desc(nulls_last=True), "slug")
        )


@extend_schema(
    responses=api.detail_responses(
        serializers.InspectionDetailSerializer,
        missing="No such inspection, or a draft you may not see.",
    )
)
class InspectionDetail(generics.RetrieveAPIView):
    """One inspection with its judgments; a draft the user may not see is not found."""

    serializer_class = serializers.InspectionDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        judgments = Judgment.objects.select_related("area", "grade").order_by("area__position")
        return (
            Inspection.objects.visible_to(self.request.user)
            .select_related("force", "programme")
            .prefetch_related(Prefetch("judgments", judgments), GRADE_COUNTS)
        )


@extend_schema(responses=api.list_responses(serializers.JudgmentSerializer))
class JudgmentList(api_lists.ListView):
    """Each inspection's grade for each assessment area."""

    serializer_class = serializers.JudgmentSerializer
    filterset_class = filters.JudgmentFilter

    def get_queryset(self):
        visible = Inspection.objects.visible_to(self.request.user)
        return (
            Judgment.objects.filter(inspection__in=visible)
            .select_related("inspection__force", "inspection__programme", "area", "grade")
            .order_by("inspection__slug", "area__position", "pk")
        )


urlpatterns = [
    path("forces/", ForceList.as_view(), name="force-list"),
    path("forces/<slug:slug>/", ForceDetail.as_view(), name="force-detail"),
    path("programmes/", ProgrammeList.as_view(), name="programme-list"),
    path("programmes/<slug:slug>/", ProgrammeDetail.as_view(), name="programme-detail"),
    path("inspections/", InspectionList.as_view(), name="inspection-list"),
    path("inspections/<slug:slug>/", InspectionDetail.as_view(), name="inspection-detail"),
    path("judgments/", JudgmentList.as_view(), name="judgment-list"),
]
