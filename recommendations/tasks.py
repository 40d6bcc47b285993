"""Celery entry points for reminder emails and overdue duties: thin, and safe to run twice."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from recommendations import reminders, services

# A database hiccup or an email that could not be sent: run again later. Claims already sent
# stay sent, so a retry emails only the recipients that failed.
RETRY = {
    "autoretry_for": (OperationalError, reminders.DeliveryFailed),
    "retry_backoff": True,
    "max_retries": 5,
}


@shared_task(**RETRY)
def send_force_reminders() -> None:
    """Remind force leaders of stale, due and overdue work; each reminder once per period."""
    reminders.send_force_reminders(today=timezone.localdate())


@shared_task(**RETRY)
def send_review_digest() -> None:
    """Send inspectors the weekly digest of claims waiting for review."""
    reminders.send_review_digest(today=timezone.localdate())


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def record_overdue_duties() -> None:
    """Record each follow-up duty that has become overdue in the change log, once."""
    services.record_overdue_duties(today=timezone.localdate())
