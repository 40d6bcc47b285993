"""Read-only API for findings, themes, case-file statistics and other figures; a draft's
rows only for those who may see the draft."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import generics

from config import api, api_lists
from findings import filters, serializers
from findings.models import CaseFileStatistic, Finding, Measure, OtherFigure, Theme
from inspections.models import Inspection


@extend_schema(responses=api.list_responses(serializers.ThemeSerializer))
class ThemeList(api_lists.ListView):
    """Subjects that recur across findings."""

    queryset = Theme.objects.order_by("name")
    serializer_class = serializers.ThemeSerializer
    filterset_fields = ["slug"]


@extend_schema(responses=api.list_responses(serializers.MeasureSerializer))
class MeasureList(api_lists.ListView):
    """What case-file statistics count, shared across inspections."""

    queryset = Measure.objects.order_by("name")
    serializer_class = serializers.MeasureSerializer
    filterset_fields = ["slug", "polarity"]


class _VisibleRows(generics.GenericAPIView):
    """Rows of the inspections the user may see, in report order."""

    model = None

    def get_queryset(self):
        visible = Inspection.objects.visible_to(self.request.user)
        return (
            self.model.objects.filter(inspection__in=visible)
            .select_related("inspection__force", "area")
            .order_by("inspection__slug", "position", "pk")
        )


@extend_schema(responses=api.list_responses(serializers.FindingSerializer))
class FindingList(_VisibleRows, api_lists.ListView):
    """Causes of concern, areas for improvement, main findings, case studies and promising
    practice, with their themes."""

    model = Finding
    serializer_class = serializers.FindingSerializer
    filterset_class = filters.FindingFilter

    def get_queryset(self):
        return super().get_queryset().prefetch_related("themes")


@extend_schema(
    responses=api.detail_responses(
        serializers.FindingSerializer, missing="No such finding, or one in a draft you may not see."
    )
)
class FindingDetail(_VisibleRows, generics.RetrieveAPIView):
    model = Finding
    serializer_class = serializers.FindingSerializer

    def get_queryset(self):
        return super().get_queryset().prefetch_related("themes")


@extend_schema(responses=api.list_responses(serializers.CaseFileStatisticSerializer))
class CaseFileStatisticList(_VisibleRows, api_lists.ListView):
    """Shares of audited case files, e.g. 'voice of the child absent in 25 of 48'."""

    model = CaseFileStatistic
    serializer_class = serializers.CaseFileStatisticSerializer
    filterset_class = filters.CaseFileStatisticFilter

    def get_queryset(self):
        return super().get_queryset().select_related("measure")


@extend_schema(responses=api.list_responses(serializers.OtherFigureSerializer))
class OtherFigureList(_VisibleRows, api_lists.ListView):
    """Figures that are not case-file shares: FTE, counts and percentages."""

    model = OtherFigure
    serializer_class = serializers.OtherFigureSerializer
    filterset_class = filters.OtherFigureFilter


urlpatterns = [
    path("themes/", ThemeList.as_view(), name="theme-list"),
    path("measures/", MeasureList.as_view(), name="measure-list"),
    path("findings/", FindingList.as_view(), name="finding-list"),
    path("findings/<int:pk>/", FindingDetail.as_view(), name="finding-detail"),
    path("statistics/", CaseFileStatisticList.as_view(), name="statistic-list"),
    path("other-figures/", OtherFigureList.as_view(), name="other-figure-list"),
]
