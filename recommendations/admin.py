from django.contrib import admin

from inspections.admin import HTTPS_URLS
from recommendations.models import DueDateRevision, FollowUpDuty, ProgressUpdate, Recommendation


class ProgressUpdateInline(admin.TabularInline):
    """Progress is append-only: existing updates are shown, never edited or deleted."""

    model = ProgressUpdate
    extra = 0
    can_delete = False
    fields = [
        "effective_on",
        "force_status",
        "verification_status",
        "narrative",
        "author",
        "created_at",
    ]
    readonly_fields = ["author", "created_at"]

    def has_change_permission(self, request, obj=None):
        return False


class DueDateRevisionInline(admin.TabularInline):
    model = DueDateRevision
    extra = 0
    can_delete = False
    readonly_fields = ["revised_by", "revised_at"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = [
        "text",
        "kind",
        "inspection",
        "due_date",
        "acceptance",
        "force_status",
        "verification_status",
    ]
    list_filter = [
        "kind",
        "themes",
        "verification_status",
        "force_status",
        "acceptance",
        "inspection__programme",
        "inspection__force__region",
        "inspection__force",
    ]
    search_fields = ["text", "finding__title", "inspection__force__name"]
    list_select_related = ["inspection__force", "inspection__programme"]
    autocomplete_fields = ["inspection", "finding"]
    filter_horizontal = ["themes"]
    inlines = [ProgressUpdateInline, DueDateRevisionInline]

    def save_formset(self, request, form, formset, change):
        for instance in formset.save(commit=False):
            if hasattr(instance, "author_id") and instance.author_id is None:
                instance.author = request.user
            if hasattr(instance, "revised_by_id") and instance.revised_by_id is None:
                instance.revised_by = request.user
            instance.save()
        for instance in formset.deleted_objects:
            instance.delete()
        formset.save_m2m()


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = [
        "recommendation",
        "effective_on",
        "force_status",
        "verification_status",
        "author",
        "created_at",
    ]
    list_filter = ["force_status", "verification_status", "recommendation__inspection__force"]
    search_fields = ["narrative", "recommendation__text"]
    autocomplete_fields = ["recommendation"]
    readonly_fields = ["author", "created_at"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(FollowUpDuty)
class FollowUpDutyAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["inspection", "kind", "due_date", "submitted_on"]
    list_filter = ["kind", "inspection__force"]
    autocomplete_fields = ["inspection"]
