"""Query-string filters for the inspections API."""

import django_filters

from config import api
from inspections.models import Force, Inspection, Judgment, Programme


class ForceFilter(api.FilterSet):
    region = django_filters.CharFilter(lookup_expr="iexact")

    class Meta:
        model = Force
        fields = ["region", "country"]


class ProgrammeFilter(api.FilterSet):
    scale = django_filters.CharFilter(field_name="scale__slug")

    class Meta:
        model = Programme
        fields = ["scale"]


class InspectionFilter(api.FilterSet):
    force = django_filters.CharFilter(field_name="force__slug", help_text="Force slug.")
    programme = django_filters.CharFilter(field_name="programme__slug", help_text="Programme slug.")
    region = django_filters.CharFilter(field_name="force__region", lookup_expr="iexact")
    published = django_filters.DateFromToRangeFilter(
        help_text="published_after and published_before, inclusive (YYYY-MM-DD)."
    )

    class Meta:
        model = Inspection
        fields = ["force", "programme", "status", "region", "published", "is_synthetic"]


class JudgmentFilter(api.FilterSet):
    inspection = django_filters.CharFilter(
        field_name="inspection__slug", help_text="Inspection slug."
    )
    force = django_filters.CharFilter(field_name="inspection__force__slug")
    region = django_filters.CharFilter(field_name="inspection__force__region", lookup_expr="iexact")
    programme = django_filters.CharFilter(field_name="inspection__programme__slug")
    area = django_filters.CharFilter(field_name="area__slug", help_text="Assessment area slug.")
    grade = django_filters.CharFilter(field_name="grade__slug", help_text="e.g. good, adequate.")

    class Meta:
        model = Judgment
        fields = ["inspection", "force", "region", "programme", "area", "grade"]
