"""Celery entry points for inspections."""

from celery import shared_task
from django.db import OperationalError

from inspections import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def publish_due_inspections() -> None:
    """Publish the scheduled inspections whose embargo time has passed."""
    services.publish_due_inspections()
