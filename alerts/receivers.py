"""Keep an account's follows at the account's address when an admin changes it."""

from django.conf import settings
from django.db.models.signals import post_save


def connect() -> None:
    post_save.connect(
        follow_account_address,
        sender=settings.AUTH_USER_MODEL,
        dispatch_uid="alerts.follow_account_address",
    )


def follow_account_address(sender, instance, created=False, raw=False, update_fields=None, **kw):
    """An address is set by the admin, `createsuperuser`, the shell or a data load: every way
    saves the user, so this sees them all (as accounts/receivers.py does for passwords). The
    rule itself is alerts.services.follow_account_address."""
    if raw or created:  # loaddata, or a new user, who follows nothing yet
        return
    if update_fields is not None and "email" not in update_fields:
        return  # e.g. last_login, saved at every sign-in
    from alerts import services

    services.follow_account_address(user=instance)
