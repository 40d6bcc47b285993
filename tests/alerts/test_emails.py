"""An alert email: both bodies, absolute links only, and one-click unsubscribe (RFC 8058)."""

import re

import pytest

from alerts.emails import build_message
from alerts.models import Subscriber

pytestmark = pytest.mark.django_db

SITE = "https://findings.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    settings.DEFAULT_FROM_EMAIL = "alerts@findings.example.org"


@pytest.fixture
def subscriber():
    return Subscriber.objects.create(email="reader@example.org")


class _Description:
    title = "Testshire Constabulary: leadership graded good"
    summary = "National child protection inspection: leadership was graded good."
    url = f"{SITE}/inspections/testshire/"


def _alert(subscriber, **context):
    return build_message(
        to=subscriber.email,
        subject="Testshire Constabulary: leadership graded good",
        text_template="alerts/email/change.txt",
        html_template="alerts/email/change.html",
        context={"description": _Description(), "reason": "You follow Testshire.", **context},
        subscriber=subscriber,
    )


def test_an_alert_offers_one_click_unsubscribe_in_its_headers_and_both_bodies(subscriber):
    message = _alert(subscriber)
    url = f"{SITE}/follow/unsubscribe/{subscriber.key}/"
    assert subscriber.unsubscribe_path() == f"/follow/unsubscribe/{subscriber.key}/"
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.alternatives[0].content
    assert url in message.body
    assert f'href="{url}"' in html
    parsed = message.message()
    assert parsed["List-Unsubscribe"] == f"<{url}>"
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_an_alert_has_a_plain_text_and_an_html_body_saying_the_same(subscriber):
    message = _alert(subscriber, manage_url=f"{SITE}/account/")
    html = message.alternatives[0]
    assert html.mimetype == "text/html"
    for words in (_Description.title, _Description.summary, _Description.url, "You follow"):
        assert words in message.body
        assert words in html.content
    assert f"{SITE}/account/" in message.body and f'href="{SITE}/account/"' in html.content
    assert message.to == ["reader@example.org"]
    assert message.from_email == "alerts@findings.example.org"
    assert "&lt;" not in message.body  # plain text is not HTML-escaped


def test_every_link_is_absolute_and_nothing_is_fetched_from_elsewhere(subscriber):
    html = _alert(subscriber).alternatives[0].content
    links = re.findall(r'href="([^"]*)"', html)
    assert links and all(link.startswith(SITE + "/") for link in links)
    assert "<img" not in html and "<link" not in html and "@import" not in html
    assert "<table" not in html and "<style" not in html and "class=" not in html
    assert "font-family: Arial" in html and "#1d70b8" in html


def test_a_message_that_is_no_alert_has_no_unsubscribe():
    message = build_message(
        to="new@example.org",
        subject="Confirm",
        text_template="alerts/email/change.txt",
        html_template="alerts/email/change.html",
        context={"description": _Description()},
    )
    assert "List-Unsubscribe" not in message.extra_headers
    assert "nsubscribe" not in message.body
    assert "nsubscribe" not in message.alternatives[0].content
