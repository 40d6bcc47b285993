from django.contrib import admin

from config.admin_labels import CHECKBOXES
from dashboards.scheduling import RecomputeAdminMixin
from findings.models import CaseFileStatistic, Finding, Measure, OtherFigure, Theme
from inspections.services import record_addition


@admin.register(Theme)
class ThemeAdmin(RecomputeAdminMixin, admin.ModelAdmin):
    # Theme indicators count causes of concern; match terms only tag future imports.
    force_lookup = "findings__inspection__force_id"
    no_figure_fields = frozenset({"match_terms"})
    list_display = ["name", "slug", "match_terms"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Measure)
class MeasureAdmin(RecomputeAdminMixin, admin.ModelAdmin):
    force_lookup = "statistics__inspection__force_id"  # compared by the measure's polarity
    list_display = ["name", "slug", "polarity"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Finding)
class FindingAdmin(RecomputeAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "area", "outcome", "inspection"]
    list_filter = [
        "kind",
        "outcome",
        "themes",
        "inspection__programme",
        "inspection__force__region",
        "inspection__force",
        "inspection__status",
    ]
    search_fields = ["title", "body", "inspection__force__name"]
    list_select_related = ["area", "inspection__force", "inspection__programme"]
    autocomplete_fields = ["inspection"]
    formfield_overrides = CHECKBOXES

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            record_addition(obj=obj)


@admin.register(CaseFileStatistic)
class CaseFileStatisticAdmin(RecomputeAdminMixin, admin.ModelAdmin):
    list_display = ["about", "numerator", "denominator", "polarity", "area", "inspection"]
    list_filter = [
        "polarity",
        "measure",
        "inspection__programme",
        "inspection__force__region",
        "inspection__force",
    ]
    search_fields = ["about", "sentence", "inspection__force__name"]
    list_select_related = ["area", "inspection__force", "inspection__programme"]
    autocomplete_fields = ["inspection"]


@admin.register(OtherFigure)
class OtherFigureAdmin(RecomputeAdminMixin, admin.ModelAdmin):
    list_display = ["about", "kind", "establishment", "deployable", "value", "inspection"]
    list_filter = ["kind", "inspection__programme", "inspection__force"]
    search_fields = ["about", "sentence", "inspection__force__name"]
    list_select_related = ["inspection__force", "inspection__programme"]
    autocomplete_fields = ["inspection"]
