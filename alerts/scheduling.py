"""Queue an event's alert emails once the transaction that recorded it has committed."""

import functools
import logging

from django.db import transaction

from alerts import dispatch
from config.celery import BROKER_ERRORS

logger = logging.getLogger(__name__)


def queue_alerts(event) -> None:
    """After commit, queue one fan-out task for the event, if anyone could be emailed it.

    A rolled-back change queues nothing. The callback is robust: an email that cannot be
    queued or sent never undoes or fails the change; the hourly catch-up
    (alerts.tasks.send_missed_alerts) queues what the broker refused.
    """
    if dispatch.has_followers(event):
        transaction.on_commit(functools.partial(_enqueue, event.pk), robust=True)


def _enqueue(event_id: int) -> None:
    from alerts.tasks import fan_out_event

    try:
        fan_out_event.delay(event_id)
    except BROKER_ERRORS as error:
        logger.warning("Could not queue the alert emails of event %s: %s", event_id, error)
