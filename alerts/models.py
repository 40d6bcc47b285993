"""Email alerts: addresses that follow a force or a programme, and what each was sent.

An address is personal data: only the address, what it follows and how often are kept, and
everything about it is deleted when it unsubscribes or leaves a follow unconfirmed for
CONFIRM_WITHIN (alerts/services.py). No page, email or admin screen shows an address.
"""

import datetime
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# How long a confirmation link works; an address never confirmed is deleted after it.
CONFIRM_WITHIN = datetime.timedelta(days=7)


def new_key() -> str:
    return secrets.token_urlsafe(32)


class Frequency(models.TextChoices):
    """How often a follower hears of changes."""

    IMMEDIATE = "immediate", _("An email for each change")
    WEEKLY = "weekly", _("A weekly digest")


class Subscriber(models.Model):
    """An email address that follows forces or programmes, perhaps a signed-in user's own.

    The key is the address's secret: its unsubscribe and manage links carry it, so anyone
    holding an email from us can leave without signing in, and nobody else can.
    """

    email = models.EmailField(max_length=254, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriber",
    )
    key = models.CharField(max_length=64, unique=True, default=new_key, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(email=models.functions.Lower("email")),
                name="alerts_subscriber_email_lower_case",
                violation_error_message=_("Email address: store it in lower case."),
            ),
        ]

    def __str__(self):
        return f"Subscriber {self.pk}"  # never the address

    def unsubscribe_path(self) -> str:
        return reverse("alerts:unsubscribe", args=[self.key])


class Subscription(models.Model):
    """One address following one force or one programme, once confirmed by its owner."""

    subscriber = models.ForeignKey(Subscriber, models.CASCADE, related_name="subscriptions")
    force = models.ForeignKey(
        "inspections.Force", models.CASCADE, null=True, blank=True, related_name="+"
    )
    programme = models.ForeignKey(
        "inspections.Programme", models.CASCADE, null=True, blank=True, related_name="+"
    )
    frequency = models.CharField(max_length=9, choices=Frequency, default=Frequency.IMMEDIATE)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(force__isnull=True, programme__isnull=False)
                | Q(force__isnull=False, programme__isnull=True),
                name="alerts_subscription_force_or_programme",
                violation_error_message=_("Follow either a force or a programme."),
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values),
                name="alerts_subscription_frequency_known",
                violation_error_message=_("How often: choose each change or a weekly digest."),
            ),
            models.UniqueConstraint(
                fields=["subscriber", "force"],
                condition=Q(force__isnull=False),
                name="alerts_subscription_one_per_force",
                violation_error_message=_("This address already follows this force."),
            ),
            models.UniqueConstraint(
                fields=["subscriber", "programme"],
                condition=Q(programme__isnull=False),
                name="alerts_subscription_one_per_programme",
                violation_error_message=_("This address already follows this programme."),
            ),
        ]

    def __str__(self):
        return f"Subscription {self.pk}: {self.force or self.programme}"


class Delivery(models.Model):
    """One event claimed for one address: the row that makes each event go at most once.

    A sender claims its events by inserting these rows (the unique pair turns a second
    claim away), sends, and sets sent_at; a send that fails deletes its claims, so a retry
    takes them again and nobody else is sent anything twice. The claim token tells a sender
    which of the rows it inserted in bulk are its own (alerts/dispatch.py).
    """

    subscriber = models.ForeignKey(Subscriber, models.CASCADE, related_name="deliveries")
    event = models.ForeignKey("changes.ChangeEvent", models.CASCADE, related_name="+")
    claim = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "event"],
                name="alerts_delivery_once_per_event",
                violation_error_message=_("This event is already sent to this address."),
            ),
        ]

    def __str__(self):
        return f"Delivery of event {self.event_id} to subscriber {self.subscriber_id}"
