"""Following by email: the sign-up form, its answers, and what it writes and sends."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from alerts import services, views
from alerts.models import Frequency, Subscriber, Subscription
from tests.factories import ForceFactory

pytestmark = pytest.mark.django_db

ADDRESS = "Follower@Example.org"


@pytest.fixture
def force():
    return ForceFactory()


def _sign_up(client, target, **data):
    form = {"email": f"  {ADDRESS} ", "force": target.slug, "frequency": "weekly", **data}
    return client.post(reverse("alerts:sign_up"), form)


def test_sign_up_writes_an_unconfirmed_follow_and_sends_one_confirmation(
    client, force, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _sign_up(client, force)
    assert response.status_code == 200
    assert "Check your email" in response.text
    subscription = Subscription.objects.get()
    assert subscription.subscriber.email == "follower@example.org"
    assert (subscription.force, subscription.frequency) == (force, Frequency.WEEKLY)
    assert subscription.confirmed_at is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["follower@example.org"]
    assert force.name in message.subject
    assert re.search(r"http://\S+/follow/confirm/\S+/", message.body)
    assert message.alternatives[0].mimetype == "text/html"


def test_the_address_never_appears_in_a_page(client, force, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answer = _sign_up(client, force)
    token = _token(mail.outbox[0].body)
    subscriber = Subscriber.objects.get()
    pages = [
        answer,
        client.get(reverse("alerts:confirm", args=[token])),
        client.post(reverse("alerts:confirm", args=[token])),
        client.get(reverse("alerts:unsubscribe", args=[subscriber.key])),
        client.get(reverse("alerts:sign_up"), {"force": force.slug}),
    ]
    for page in pages:
        assert page.status_code == 200
        assert "follower@" not in page.text.lower()


def test_signing_up_again_for_a_confirmed_follow_answers_the_same(
    client, force, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _sign_up(client, force)
    services.confirm(token=_token(mail.outbox[0].body))
    with django_capture_on_commit_callbacks(execute=True):
        second = _sign_up(client, force)
    assert _main(second.text) == _main(first.text)
    assert Subscription.objects.get().confirmed_at is not None
    told = mail.outbox[1]  # by email, not at the form
    assert "already get" in told.subject
    assert told.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_an_address_gets_at_most_five_emails_a_day(
    client, force, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(7):
            assert _sign_up(client, force).status_code == 200
    assert len(mail.outbox) == services.EMAILS_PER_ADDRESS_A_DAY
    assert Subscription.objects.count() == 1


def test_one_network_address_is_limited_to_so_many_sign_ups_an_hour(client, force, monkeypatch):
    monkeypatch.setattr(views, "SIGN_UPS_PER_ADDRESS_AN_HOUR", 2)
    assert _sign_up(client, force).status_code == 200
    assert _sign_up(client, force, email="b@example.org").status_code == 200
    refused = _sign_up(client, force, email="c@example.org")
    assert refused.status_code == 429
    assert "Try again in an hour" in refused.text
    assert Subscriber.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not an address"}, "Enter an email address in the correct format"),
        ({"email": ""}, "Enter your email address."),
        ({"force": "atlantis"}, "There is no such force"),
        ({"programme": "ncpi"}, "Choose one force or one programme to follow, not both"),
        ({"force": ""}, "Choose one force or one programme to follow, not both"),
        ({"frequency": "hourly"}, "Choose how often"),
        ({"frequency": ""}, "Choose how often"),
    ],
)
def test_bad_input_is_named_and_nothing_is_written(client, force, data, message):
    response = _sign_up(client, force, **data)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text
    assert message in response.text
    assert not Subscriber.objects.exists()
    assert not mail.outbox


def test_the_sign_up_page_offers_a_choice_and_says_what_is_kept(client, force):
    page = client.get(reverse("alerts:sign_up"))
    assert page.status_code == 200
    assert f'value="{force.slug}"' in page.text
    assert "delete everything about your address" in page.text
    chosen = client.get(reverse("alerts:sign_up"), {"programme": "ncpi"})
    assert "Get emails about National child protection inspection" in chosen.text


def test_the_force_page_carries_a_sign_up_form_that_posts_without_a_token(force):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("dashboards:force", args=[force.slug]))
    assert "Get emails when this force" in page.text
    assert "csrfmiddlewaretoken" not in page.text  # the page is cached for everyone
    assert _sign_up(client, force).status_code == 200


def _token(body: str) -> str:
    return re.search(r"/follow/confirm/(\S+)/", body).group(1)


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]
