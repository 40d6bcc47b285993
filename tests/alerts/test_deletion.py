"""Addresses never confirmed are forgotten after CONFIRM_WITHIN, by an hourly job."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from alerts.models import CONFIRM_WITHIN, Subscriber, Subscription
from alerts.tasks import delete_unconfirmed_subscriptions
from tests.factories import ForceFactory, UserFactory

pytestmark = pytest.mark.django_db


def _follow(email: str, *, confirmed: bool, user=None) -> Subscription:
    subscriber, _ = Subscriber.objects.get_or_create(email=email, defaults={"user": user})
    return Subscription.objects.create(
        subscriber=subscriber,
        force=ForceFactory(),
        confirmed_at=timezone.now() if confirmed else None,
    )


def test_the_job_deletes_follows_unconfirmed_after_a_week_and_addresses_left_with_none():
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC), tick=False):
        stale = _follow("stale@example.org", confirmed=False)
        mixed_kept = _follow("mixed@example.org", confirmed=True)
        mixed_stale = _follow("mixed@example.org", confirmed=False)
        account = _follow("leader@example.org", confirmed=False, user=UserFactory())
    with time_machine.travel(datetime.datetime(2026, 3, 7, 9, tzinfo=datetime.UTC), tick=False):
        fresh = _follow("fresh@example.org", confirmed=False)
        delete_unconfirmed_subscriptions()
        assert Subscription.objects.count() == 5  # nothing is a week old yet
    with time_machine.travel(
        datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC)
        + CONFIRM_WITHIN
        + datetime.timedelta(minutes=1),
        tick=False,
    ):
        delete_unconfirmed_subscriptions()
    assert set(Subscription.objects.all()) == {mixed_kept, fresh}
    assert not Subscriber.objects.filter(pk=stale.subscriber_id).exists()
    assert not Subscription.objects.filter(pk=mixed_stale.pk).exists()
    # An account's address stays (it may follow again from the account page).
    assert Subscriber.objects.filter(pk=account.subscriber_id).exists()


def test_the_job_is_scheduled():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "alerts.tasks.delete_unconfirmed_subscriptions" in tasks
