"""Celery entry points for email alerts: thin, by id, and safe to run twice."""

import datetime

from celery import shared_task
from django.utils import timezone

from alerts import dispatch, services
from changes.models import ChangeEvent
from config.celery import RETRY

# Catch-up: events recorded in the past day whose emails were never queued (the broker was
# down at the time); the newest few minutes are left to the fan-out already on its way.
MISSED_WITHIN = datetime.timedelta(days=1)
IN_FLIGHT = datetime.timedelta(minutes=10)


@shared_task(**RETRY)
def fan_out_event(event_id: int) -> None:
    """Queue the emails of one event to its immediate followers: one task per batch of them."""
    event = ChangeEvent.objects.filter(pk=event_id).first()
    if event is None:
        return  # deleted with its force since it was queued
    for subscriber_ids in dispatch.immediate_batches(event):
        send_event_batch.delay(event_id, subscriber_ids)


@shared_task(bind=True, **RETRY)
def send_event_batch(self, event_id: int, subscriber_ids: list[int]) -> None:
    """Email one event to a batch of followers; retry only those whose email failed."""
    failed = dispatch.send_event(event_id=event_id, subscriber_ids=subscriber_ids)
    if failed:
        _retry(self, failed, args=[event_id, failed])


@shared_task(**RETRY)
def send_weekly_digests() -> None:
    """Queue this week's digests to the weekly followers: one task per batch of them."""
    until = timezone.now().isoformat()
    for subscriber_ids in dispatch.weekly_batches():
        send_digest_batch.delay(subscriber_ids, until)


@shared_task(bind=True, **RETRY)
def send_digest_batch(self, subscriber_ids: list[int], until: str) -> None:
    """Email a batch of weekly followers their digests; retry only those that failed."""
    moment = datetime.datetime.fromisoformat(until)
    failed = dispatch.send_digests(subscriber_ids=subscriber_ids, until=moment)
    if failed:
        _retry(self, failed, args=[failed, until])


@shared_task(**RETRY)
def send_missed_alerts() -> None:
    """Queue the emails of recent events whose immediate followers were never sent them."""
    now = timezone.now()
    recent = ChangeEvent.objects.filter(
        happened_at__gte=now - MISSED_WITHIN, happened_at__lt=now - IN_FLIGHT
    )
    for event in recent.order_by("pk"):
        if dispatch.has_followers(event):
            fan_out_event.delay(event.pk)


@shared_task(**RETRY)
def delete_unconfirmed_subscriptions() -> None:
    """Forget follows never confirmed in time, and addresses left following nothing."""
    services.delete_unconfirmed()


def _retry(task, failed: list[int], *, args: list) -> None:
    """Run the task again later for the failed subscribers alone: after 1, 2, 4, 8 then 16
    minutes, then give up (their claims are released, so the catch-up may still send)."""
    error = dispatch.DeliveryFailed(f"{len(failed)} alert email(s) could not be sent")
    raise task.retry(args=args, exc=error, countdown=60 * 2**task.request.retries)
