"""Query-string filters for the findings API."""

import django_filters

from config import api
from findings.models import CaseFileStatistic, Finding, OtherFigure


class _InInspectionFilter(api.FilterSet):
    inspection = django_filters.CharFilter(
        field_name="inspection__slug", help_text="Inspection slug."
    )
    force = django_filters.CharFilter(field_name="inspection__force__slug", help_text="Force slug.")
    programme = django_filters.CharFilter(field_name="inspection__programme__slug")
    area = django_filters.CharFilter(field_name="area__slug", help_text="Assessment area slug.")

    class Meta:
        fields = ["inspection", "force", "programme", "area"]


class FindingFilter(_InInspectionFilter):
    theme = django_filters.CharFilter(field_name="themes__slug", help_text="Theme slug.")

    class Meta:
        model = Finding
        fields = [*_InInspectionFilter.Meta.fields, "kind", "outcome", "theme"]


class CaseFileStatisticFilter(_InInspectionFilter):
    measure = django_filters.CharFilter(field_name="measure__slug", help_text="Measure slug.")

    class Meta:
        model = CaseFileStatistic
        fields = [*_InInspectionFilter.Meta.fields, "measure", "polarity"]


class OtherFigureFilter(_InInspectionFilter):
    class Meta:
        model = OtherFigure
        fields = [*_InInspectionFilter.Meta.fields, "kind"]
