"""Log sign-ins, failed sign-ins, lockouts and sign-outs as structured events.

Each is one log record with `event` (`sign_in`, `sign_in_failed`, `sign_in_locked_out`,
`sign_out`), `user` (the username given), `user_id` when known and `ip`. Django hands the failed
sign-in's credentials over with the password already masked; only the username is logged.
"""

import logging

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

logger = logging.getLogger(__name__)


def connect() -> None:
    """Wire the receivers; called once from InspectionsConfig.ready()."""
    user_logged_in.connect(log_sign_in, dispatch_uid="inspections.audit.sign_in")
    user_login_failed.connect(log_failed_sign_in, dispatch_uid="inspections.audit.failed")
    user_locked_out.connect(log_lockout, dispatch_uid="inspections.audit.locked_out")
    user_logged_out.connect(log_sign_out, dispatch_uid="inspections.audit.sign_out")


def log_sign_in(sender, request, user, **kwargs) -> None:
    username = user.get_username()
    logger.info(
        "%r signed in",
        username,
        extra={"event": "sign_in", "user": username, "user_id": user.pk, "ip": _ip(request)},
    )


def log_failed_sign_in(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get(get_user_model().USERNAME_FIELD, ""))
    logger.warning(
        "Failed sign-in as %r",
        username,
        extra={"event": "sign_in_failed", "user": username, "user_id": None, "ip": _ip(request)},
    )


def log_lockout(sender, request, username, ip_address, **kwargs) -> None:
    logger.warning(
        "%r locked out of signing in from %s",
        username,
        ip_address,
        extra={
            "event": "sign_in_locked_out",
            "user": username or "",
            "user_id": None,
            "ip": ip_address,
        },
    )


def log_sign_out(sender, request, user, **kwargs) -> None:
    username = user.get_username() if user is not None else ""
    logger.info(
        "%r signed out",
        username,
        extra={
            "event": "sign_out",
            "user": username,
            "user_id": getattr(user, "pk", None),
            "ip": _ip(request),
        },
    )


def _ip(request) -> str:
    # REMOTE_ADDR, as django-axes and the API's throttle use: a header could be forged.
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""
