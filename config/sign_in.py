"""Signing in: where it lands, and the username django-axes records for a failed attempt.

Signing in lands on the role's home (My force for a force leader, Tracking for inspectors and
admins), or on the page asked for with a safe `?next=`.

Django's sign-in form does not enforce the username's length before trying it, so a hostile
username can be megabytes long; axes keeps it in a 255-character column, which PostgreSQL
enforces (a 500) and SQLite does not.
"""

from axes.conf import settings
from django.contrib.auth.views import LoginView
from django.urls import reverse

from inspections import policy

AXES_USERNAME_LENGTH = 255


def axes_username(request, credentials: dict | None = None) -> str | None:
    """What axes would take (the credentials, else the form), at most 255 characters."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    return username[:AXES_USERNAME_LENGTH] if isinstance(username, str) else username


def role_home(user) -> str:
    """The page a role starts from: My force, Tracking, or the public overview."""
    if policy.allows(user, policy.LEAD):
        return reverse("recommendations:my_force")
    if policy.allows(user, policy.TRACK):
        return reverse("recommendations:forces")
    return reverse("inspections:home")


class SignInView(LoginView):
    """Django's sign-in page; with no safe `?next=` it lands on the role's home."""

    def get_default_redirect_url(self):
        return role_home(self.request.user)
