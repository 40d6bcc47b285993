"""The change log in the admin: read only, as the log is written only with the change itself."""

from django.contrib import admin

from changes.models import ChangeEvent


@admin.register(ChangeEvent)
class ChangeEventAdmin(admin.ModelAdmin):
    """Admins read the log to see what followers were told; nobody adds, edits or removes an
    event here (changes.services records them)."""

    list_display = ["happened_at", "kind", "force", "programme", "inspection", "visibility"]
    list_filter = ["kind", "visibility", "programme", "force__region", "force"]
    search_fields = ["force__name", "force__short_name"]
    list_select_related = ["force", "programme", "inspection"]
    date_hierarchy = "happened_at"
    ordering = ["-happened_at", "-pk"]
    fields = [
        "kind",
        "happened_at",
        "visibility",
        "force",
        "programme",
        "area",
        "inspection",
        "recommendation",
        "duty",
        "before",
        "after",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
