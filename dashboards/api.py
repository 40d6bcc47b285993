"""Read-only API for the precomputed indicators, under /api/indicators/."""

from django.db.models import F, Q
from django.urls import path
from drf_spectacular.utils import extend_schema

from config import api, api_lists
from dashboards import filters, serializers
from dashboards.models import GradeIndicator, MeasureIndicator, StatisticIndicator, ThemeIndicator
from inspections.models import Inspection


@extend_schema(responses=api.list_responses(serializers.GradeIndicatorSerializer))
class GradeIndicatorList(api_lists.ListView):
    """Grade profiles and recommendation counts per force (or nation) and area (or all)."""

    serializer_class = serializers.GradeIndicatorSerializer
    filterset_class = filters.GradeIndicatorFilter

    def get_queryset(self):
        # Rows are built from published inspections; the filter keeps it so should one be
        # withdrawn before the next recompute.
        visible = Inspection.objects.visible_to(self.request.user)
        return (
            GradeIndicator.objects.filter(Q(inspection__isnull=True) | Q(inspection__in=visible))
            .select_related("programme", "force", "area", "inspection", "grade", "previous_grade")
            .order_by(
                "programme__name",
                F("force__name").asc(nulls_first=True),
                F("area__position").asc(nulls_first=True),
                "pk",
            )
        )


@extend_schema(responses=api.list_responses(serializers.StatisticIndicatorSerializer))
class StatisticIndicatorList(api_lists.ListView):
    """Each case-file statistic's rate with its interval, compared with the national rate."""

    serializer_class = serializers.StatisticIndicatorSerializer
    filterset_class = filters.StatisticIndicatorFilter

    def get_queryset(self):
        visible = Inspection.objects.visible_to(self.request.user)
        return (
            StatisticIndicator.objects.filter(statistic__inspection__in=visible)
            .select_related("statistic__inspection", "force", "measure__indicator")
            .order_by("force__name", "statistic__inspection__slug", "statistic__position", "pk")
        )


@extend_schema(responses=api.list_responses(serializers.MeasureIndicatorSerializer))
class MeasureIndicatorList(api_lists.ListView):
    """Each measure's national rate, pooled over all published inspections."""

    queryset = MeasureIndicator.objects.select_related("measure").order_by("measure__name")
    serializer_class = serializers.MeasureIndicatorSerializer
    filterset_class = filters.MeasureIndicatorFilter


@extend_schema(responses=api.list_responses(serializers.ThemeIndicatorSerializer))
class ThemeIndicatorList(api_lists.ListView):
    """How often each theme recurs in published causes of concern, per programme."""

    queryset = ThemeIndicator.objects.filter(force__isnull=True)
    queryset = queryset.select_related("programme", "theme").order_by(
        "programme__name", "-causes_of_concern", "theme__name"
    )
    serializer_class = serializers.ThemeIndicatorSerializer
    filterset_class = filters.ThemeIndicatorFilter


urlpatterns = [
    path("grades/", GradeIndicatorList.as_view(), name="grade-indicator-list"),
    path("statistics/", StatisticIndicatorList.as_view(), name="statistic-indicator-list"),
    path("measures/", MeasureIndicatorList.as_view(), name="measure-indicator-list"),
    path("themes/", ThemeIndicatorList.as_view(), name="theme-indicator-list"),
]
