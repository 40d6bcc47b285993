"""Query-string filters for the recommendations API."""

import django_filters
from django.utils import timezone

from config import api
from recommendations.models import ProgressUpdate, Recommendation


class RecommendationFilter(api.FilterSet):
    inspection = django_filters.CharFilter(
        field_name="inspection__slug", help_text="Inspection slug."
    )
    force = django_filters.CharFilter(field_name="inspection__force__slug", help_text="Force slug.")
    programme = django_filters.CharFilter(field_name="inspection__programme__slug")
    theme = django_filters.CharFilter(field_name="themes__slug", help_text="Theme slug.")
    due_date = django_filters.DateFromToRangeFilter(
        help_text="due_date_after and due_date_before, inclusive (YYYY-MM-DD)."
    )
    overdue = api.BooleanFilter(
        method="filter_overdue", help_text="Open and past its due date, as of today."
    )

    class Meta:
        model = Recommendation
        fields = [
            "inspection",
            "force",
            "programme",
            "kind",
            "acceptance",
            "force_status",
            "verification_status",
            "theme",
            "due_date",
            "overdue",
        ]

    def filter_overdue(self, queryset, name, value):
        overdue = Recommendation.objects.overdue(timezone.localdate())
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


class ProgressUpdateFilter(api.FilterSet):
    # A number, not a choice of rows: an unknown id and a hidden draft's id look alike.
    recommendation = django_filters.NumberFilter(field_name="recommendation_id")
    inspection = django_filters.CharFilter(field_name="recommendation__inspection__slug")
    force = django_filters.CharFilter(field_name="recommendation__inspection__force__slug")
    effective_on = django_filters.DateFromToRangeFilter(
        help_text="effective_on_after and effective_on_before, inclusive (YYYY-MM-DD)."
    )

    class Meta:
        model = ProgressUpdate
        fields = [
            "recommendation",
            "inspection",
            "force",
            "force_status",
            "verification_status",
            "effective_on",
        ]
