"""The username django-axes records for a failed sign-in, cut to the length it can store.

Django's sign-in form does not enforce the username's length before trying it, so a hostile
username can be megabytes long; axes keeps it in a 255-character column, which PostgreSQL
enforces (a 500) and SQLite does not.
"""

from axes.conf import settings

AXES_USERNAME_LENGTH = 255


def axes_username(request, credentials: dict | None = None) -> str | None:
    """What axes would take (the credentials, else the form), at most 255 characters."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    return username[:AXES_USERNAME_LENGTH] if isinstance(username, str) else username
