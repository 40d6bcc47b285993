"""Query-string filters for the indicators API."""

import django_filters

from config import api
from dashboards.models import GradeIndicator, MeasureIndicator, StatisticIndicator, ThemeIndicator


class GradeIndicatorFilter(api.FilterSet):
    programme = django_filters.CharFilter(field_name="programme__slug")
    force = django_filters.CharFilter(field_name="force__slug", help_text="Force slug.")
    region = django_filters.CharFilter(field_name="force__region", lookup_expr="iexact")
    area = django_filters.CharFilter(field_name="area__slug", help_text="Assessment area slug.")
    grade = django_filters.CharFilter(field_name="grade__slug")
    national = api.BooleanFilter(
        field_name="force", lookup_expr="isnull", help_text="true: only the nation's rows."
    )
    all_areas = api.BooleanFilter(
        field_name="area", lookup_expr="isnull", help_text="true: only rows for all areas."
    )

    class Meta:
        model = GradeIndicator
        fields = [
            "programme",
            "force",
            "region",
            "area",
            "grade",
            "national",
            "all_areas",
            "action_plan_status",
        ]


class StatisticIndicatorFilter(api.FilterSet):
    force = django_filters.CharFilter(field_name="force__slug", help_text="Force slug.")
    measure = django_filters.CharFilter(field_name="measure__slug", help_text="Measure slug.")
    inspection = django_filters.CharFilter(field_name="statistic__inspection__slug")

    class Meta:
        model = StatisticIndicator
        fields = ["force", "measure", "inspection", "comparison"]


class MeasureIndicatorFilter(api.FilterSet):
    measure = django_filters.CharFilter(field_name="measure__slug")

    class Meta:
        model = MeasureIndicator
        fields = ["measure"]


class ThemeIndicatorFilter(api.FilterSet):
    programme = django_filters.CharFilter(field_name="programme__slug")
    theme = django_filters.CharFilter(field_name="theme__slug")

    class Meta:
        model = ThemeIndicator
        fields = ["programme", "theme"]
