"""Helpers for the alerts' tests: confirmed follows, and an outbox that refuses addresses."""

import datetime
import smtplib

from django.core.mail.backends import locmem
from django.utils import timezone

from alerts.models import Frequency, Subscriber, Subscription

# Follows confirmed before any event a test records.
CONFIRMED = timezone.make_aware(datetime.datetime(2020, 1, 1))


def follow(
    email,
    *,
    force=None,
    programme=None,
    frequency=Frequency.IMMEDIATE,
    user=None,
    confirmed_at=CONFIRMED,
) -> Subscriber:
    """A confirmed follow of the force or programme by the address (made if new)."""
    subscriber, _ = Subscriber.objects.get_or_create(email=email, defaults={"user": user})
    Subscription.objects.create(
        subscriber=subscriber,
        force=force,
        programme=programme,
        frequency=frequency,
        confirmed_at=confirmed_at,
    )
    return subscriber


class FailingBackend(locmem.EmailBackend):
    """The test outbox, refusing the addresses in `refuse` (each as many times as it says)."""

    refuse: dict[str, int] = {}
    connections_opened = 0

    def open(self):
        FailingBackend.connections_opened += 1
        return super().open()

    def send_messages(self, messages):
        for message in messages:
            for address in message.to:
                if FailingBackend.refuse.get(address, 0) > 0:
                    FailingBackend.refuse[address] -= 1
                    raise smtplib.SMTPRecipientsRefused({address: (550, b"Mailbox full")})
        return super().send_messages(messages)
