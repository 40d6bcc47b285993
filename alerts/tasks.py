"""Celery entry points for email alerts: thin, and safe to run twice."""

from celery import shared_task
from django.db import OperationalError

from alerts import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def delete_unconfirmed_subscriptions() -> None:
    """Forget follows never confirmed in time, and addresses left following nothing."""
    services.delete_unconfirmed()
