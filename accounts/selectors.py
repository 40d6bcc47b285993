"""Reads for the account page."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.utils import timezone
from knox.models import AuthToken


def api_tokens(*, user: AbstractBaseUser) -> QuerySet[AuthToken]:
    """The user's tokens that still work, newest first (knox deletes expired ones lazily)."""
    unexpired = Q(expiry__isnull=True) | Q(expiry__gt=timezone.now())
    return AuthToken.objects.filter(unexpired, user=user).order_by("-created")
