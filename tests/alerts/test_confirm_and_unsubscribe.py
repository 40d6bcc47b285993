"""Confirming a follow (by POST, once, in time) and leaving (one click deletes everything)."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from alerts import selectors, services
from alerts.models import Delivery, Subscriber, Subscription
from changes.models import ChangeEvent
from tests.factories import ForceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscription():
    subscriber = Subscriber.objects.create(email="follower@example.org")
    return Subscription.objects.create(subscriber=subscriber, force=ForceFactory())


def _confirm_url(subscription) -> str:
    return reverse("alerts:confirm", args=[services.confirmation_token(subscription)])


def test_opening_the_link_confirms_nothing(client, subscription):
    page = client.get(_confirm_url(subscription))
    assert page.status_code == 200
    assert "Confirm" in page.text
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_the_confirm_button_confirms_once(client, subscription):
    url = _confirm_url(subscription)
    first = client.post(url)
    assert first.status_code == 200
    assert f"You now follow {subscription.force.name}" in first.text
    subscription.refresh_from_db()
    confirmed_at = subscription.confirmed_at
    assert confirmed_at is not None
    again = client.post(url)
    assert "already used" in again.text
    subscription.refresh_from_db()
    assert subscription.confirmed_at == confirmed_at


def test_an_expired_link_is_refused_and_says_how_to_start_again(client, subscription):
    url = _confirm_url(subscription)
    with time_machine.travel(datetime.timedelta(days=8)):
        page = client.post(url)
    assert page.status_code == 410
    assert "This link has expired" in page.text
    assert reverse("alerts:sign_up") in page.text
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_an_altered_link_is_refused(client, subscription):
    page = client.get(_confirm_url(subscription)[:-3] + "xx/")
    assert page.status_code == 400
    assert "This link does not work" in page.text


def test_a_link_for_a_deleted_follow_is_refused(client, subscription):
    url = _confirm_url(subscription)
    subscription.delete()
    assert client.post(url).status_code == 400


def test_a_one_click_unsubscribe_deletes_everything_about_the_address(subscription):
    subscriber = subscription.subscriber
    Subscription.objects.create(subscriber=subscriber, programme_id=1)
    event = ChangeEvent.objects.create(
        kind=ChangeEvent.Kind.GRADE_RECORDED, force=subscription.force, visibility="public"
    )
    Delivery.objects.create(subscriber=subscriber, event=event)
    mail_client = Client(enforce_csrf_checks=True)  # no token, no cookie
    response = mail_client.post(
        subscriber.unsubscribe_path(),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "You are unsubscribed" in response.text
    assert not Subscriber.objects.exists()
    assert not Subscription.objects.exists()
    assert not Delivery.objects.exists()


def test_an_unknown_key_has_nothing_to_unsubscribe(client, subscription):
    url = reverse("alerts:unsubscribe", args=["not-a-key"])
    assert "Nothing to unsubscribe" in client.get(url).text
    assert "Nothing to unsubscribe" in client.post(url).text
    assert Subscriber.objects.exists()


def test_the_manage_page_changes_how_often(client, subscription):
    subscriber = subscription.subscriber
    url = reverse("alerts:change_following", args=[subscriber.key, subscription.pk])
    assert client.post(url, {"frequency": "weekly"}).status_code == 302
    subscription.refresh_from_db()
    assert subscription.frequency == "weekly"
    wrong_key = reverse("alerts:change_following", args=["not-the-key", subscription.pk])
    assert client.post(wrong_key, {"frequency": "immediate"}).status_code == 404
    subscription.refresh_from_db()
    assert subscription.frequency == "weekly"


def test_the_manage_page_stops_one_follow(client, subscription):
    subscriber = subscription.subscriber
    other = Subscription.objects.create(subscriber=subscriber, programme_id=1)
    page = client.get(subscriber.unsubscribe_path())
    assert subscription.force.name in page.text
    response = client.post(reverse("alerts:stop_following", args=[subscriber.key, subscription.pk]))
    assert response.status_code == 302
    assert list(subscriber.subscriptions.all()) == [other]
    last = client.post(reverse("alerts:stop_following", args=[subscriber.key, other.pk]))
    assert "You are unsubscribed" in last.text
    assert not Subscriber.objects.exists()


def test_the_manage_page_and_the_account_page_list_forces_first(client, subscription, inspector):
    """One order on both pages and on every database: a follow of a programme has no force,
    and one of a force no programme, whose missing name sorts differently by database."""
    subscriber = subscription.subscriber
    programme = Subscription.objects.create(subscriber=subscriber, programme_id=1)
    assert list(selectors.follows(subscriber=subscriber)) == [subscription, programme]
    subscriber.user = inspector
    subscriber.save()
    assert list(selectors.account_follows(user=inspector)) == [subscription, programme]
    page = client.get(subscriber.unsubscribe_path()).text
    assert page.index(subscription.force.name) < page.index(programme.programme.name)
