"""API tokens: issued to and revoked by their owner; the secret is stored only hashed."""

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken

from accounts.selectors import api_tokens

# Live tokens one user may hold: each is checked in turn when a token is presented.
MOST_TOKENS = 10


def issue_api_token(*, user: AbstractBaseUser) -> tuple[AuthToken, str]:
    """Create a token lasting API_TOKEN_TTL_DAYS; return it and its secret, which no one can
    read again (knox keeps a hash and the first 15 characters)."""
    if api_tokens(user=user).count() >= MOST_TOKENS:
        raise ValidationError(
            _("You have %(most)d tokens, the most one person may hold: revoke one first.")
            % {"most": MOST_TOKENS},
            code="too_many_tokens",
        )
    lifetime = datetime.timedelta(days=settings.API_TOKEN_TTL_DAYS)
    return AuthToken.objects.create(user=user, expiry=lifetime)


def revoke_api_token(*, user: AbstractBaseUser, token_key: str) -> bool:
    """End one of the user's own tokens; False when they have none starting so."""
    deleted, _ = AuthToken.objects.filter(user=user, token_key=token_key).delete()
    return bool(deleted)


def revoke_api_tokens(*, user: AbstractBaseUser) -> int:
    """End all of the user's tokens; return how many there were."""
    deleted, _ = AuthToken.objects.filter(user=user).delete()
    return deleted


def delete_expired_api_tokens() -> int:
    """Remove every token past its expiry (knox removes one only when it is presented);
    return how many."""
    deleted, _ = AuthToken.objects.filter(expiry__lte=timezone.now()).delete()
    return deleted
