"""API tokens in the admin: listed by their first characters, revoked by deleting them."""

from django.contrib import admin
from knox.models import AuthToken

admin.site.unregister(AuthToken)  # knox's own lists the hash and offers an empty "add" form


@admin.register(AuthToken)
class APITokenAdmin(admin.ModelAdmin):
    """Admins list and revoke (delete) tokens; only their owners create them, on the account
    page, as only they may see the secret."""

    list_display = ("token_key", "user", "created", "expiry")
    list_select_related = ("user",)
    search_fields = ("user__username", "token_key")
    ordering = ("-created",)
    fields = ("token_key", "user", "created", "expiry")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
