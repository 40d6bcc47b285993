"""Celery entry points for accounts: thin, and safe to run twice."""

from celery import shared_task
from django.db import OperationalError

from accounts import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def delete_expired_api_tokens() -> None:
    """Remove tokens past their expiry, which no longer sign anyone in."""
    services.delete_expired_api_tokens()
