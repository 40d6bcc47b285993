from django.contrib import admin
from django.db.models import F
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from config.admin_labels import CHECKBOXES, LabelledTabularInline
from dashboards.scheduling import RecomputeAdminMixin
from inspections.admin import HTTPS_URLS
from inspections.services import record_addition
from recommendations.models import (
    DueDateRevision,
    Evidence,
    FollowUpDuty,
    ProgressUpdate,
    Recommendation,
    SentReminder,
)
from recommendations.services import FOLLOWED_FIELDS, record_edited_fields


class ProgressUpdateInline(LabelledTabularInline):
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


class DueDateRevisionInline(LabelledTabularInline):
    model = DueDateRevision
    extra = 0
    can_delete = False
    readonly_fields = ["revised_by", "revised_at"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Recommendation)
class RecommendationAdmin(RecomputeAdminMixin, SimpleHistoryAdmin):
    no_figure_fields = frozenset({"force_status", "acceptance"})  # the force's own claim
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
    formfield_overrides = CHECKBOXES
    inlines = [ProgressUpdateInline, DueDateRevisionInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            # A change here must also end any edit in progress on the tracking pages.
            Recommendation.objects.filter(pk=obj.pk).update(version=F("version") + 1)
            changed = {f: form.initial.get(f) for f in form.changed_data if f in FOLLOWED_FIELDS}
            record_edited_fields(recommendation=obj, previous=changed)
        else:
            record_addition(obj=obj)

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


class EvidenceInline(LabelledTabularInline):
    """Evidence is append-only, and its files are served only by the checked view."""

    model = Evidence
    extra = 0
    can_delete = False
    fields = ["download", "url", "original_name", "content_type", "size", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="File")
    def download(self, obj):
        if not obj.file:
            return "—"
        url = reverse("recommendations:evidence", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(RecomputeAdminMixin, admin.ModelAdmin):
    force_lookup = "recommendation__inspection__force_id"
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
    inlines = [EvidenceInline]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(FollowUpDuty)
class FollowUpDutyAdmin(RecomputeAdminMixin, admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["inspection", "kind", "due_date", "submitted_on"]
    list_filter = ["kind", "inspection__force"]
    autocomplete_fields = ["inspection"]


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    """What reminders went to whom. Adding one by hand stops that reminder being sent."""

    list_display = ["kind", "recipient", "object_id", "period", "claimed_at", "sent_at"]
    list_filter = ["kind", "period"]
    search_fields = ["recipient__username", "recipient__email"]
    list_select_related = ["recipient"]
    autocomplete_fields = ["recipient"]

    def has_change_permission(self, request, obj=None):
        return False
