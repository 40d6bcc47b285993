"""End a user's API tokens when their password changes or their account is deactivated."""

from django.conf import settings
from django.db.models.signals import pre_save
from knox.models import AuthToken


def connect() -> None:
    pre_save.connect(
        end_tokens_on_new_password_or_deactivation,
        sender=settings.AUTH_USER_MODEL,
        dispatch_uid="accounts.end_tokens",
    )


def end_tokens_on_new_password_or_deactivation(
    sender, instance, raw=False, update_fields=None, **kwargs
):
    """Every way a password is set (account page, reset, admin, `changepassword`,
    set_password and save) saves a new hash: compare it with the stored one. As with Django's
    own sessions, a hash upgraded at sign-in counts as a change too."""
    if raw or instance.pk is None:  # loaddata, or a new user, who has no tokens yet
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return  # e.g. last_login, saved at every sign-in
    if instance.is_active:
        stored = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
        if stored is None or stored == instance.password:
            return
    AuthToken.objects.filter(user_id=instance.pk).delete()
