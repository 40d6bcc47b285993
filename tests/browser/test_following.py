"""Following by email in a real browser: from a force's page without JavaScript, and the
sign-up, confirmation, manage and account pages pass axe and reflow at 320 px.

With SCREENSHOTS_DIR set, each of those pages is kept as a screenshot at 1280 and 320 px.
"""

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.urls import reverse

from alerts import services
from alerts.models import Subscriber, Subscription
from inspections.models import Force, Programme
from tests.browser.test_screens import SERIOUS, WIDER_THAN_THE_SCREEN, _sign_in
from tests.factories import UserFactory


def test_a_force_is_followed_from_its_page_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/forces/gloucestershire/")
    page.get_by_label("Email address").fill("reader@example.org")
    page.get_by_label("A weekly digest").check()
    page.get_by_role("button", name="Get emails").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Check your email").is_visible()
    assert "reader@example.org" not in page.content()
    subscription = Subscription.objects.get()
    assert (subscription.force.slug, subscription.frequency) == ("gloucestershire", "weekly")
    assert len(mail.outbox) == 1
    confirm = re.search(r"http://\S+/follow/confirm/\S+/", mail.outbox[0].body).group(0)
    page.goto(_local(site, confirm))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="You now follow Gloucestershire").is_visible()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None
    context.close()


@pytest.fixture
def follower(site) -> Subscriber:
    subscriber = Subscriber.objects.create(email="reader@example.org")
    Subscription.objects.create(subscriber=subscriber, force_id=_force_id("gloucestershire"))
    Subscription.objects.create(
        subscriber=subscriber, programme=Programme.objects.first(), frequency="weekly"
    )
    return subscriber


@pytest.mark.parametrize("width", [1280, 320])
def test_the_following_pages_pass_axe_and_reflow(site, page, follower, width):
    unconfirmed = follower.subscriptions.order_by("pk").first()
    leader = UserFactory(email="chief@example.org")
    services.follow_as_user(user=leader, force=unconfirmed.force, frequency="immediate")
    pages = {
        "force": "/forces/gloucestershire/",
        "sign-up": reverse("alerts:sign_up"),
        "sign-up-force": reverse("alerts:sign_up") + "?force=gloucestershire",
        "confirm": reverse("alerts:confirm", args=[services.confirmation_token(unconfirmed)]),
        "manage": follower.unsubscribe_path(),
        "expired": reverse("alerts:confirm", args=["not-a-token"]),
    }
    page.set_viewport_size({"width": width, "height": 800})
    problems = {name: _check(page, site + address, name, width) for name, address in pages.items()}
    page.goto(site + reverse("alerts:sign_up"))
    page.get_by_role("button", name="Get emails").click()  # nothing filled in
    problems["sign-up-errors"] = _check(page, None, "sign-up-errors", width)
    _sign_in(page, site, leader.username)
    problems["account"] = _check(page, site + reverse("accounts:account"), "account", width)
    assert {name: found for name, found in problems.items() if found} == {}


def _check(page, address, name, width) -> list[str]:
    if address:
        page.goto(address)
    page.wait_for_load_state()
    found = []
    if page.evaluate(WIDER_THAN_THE_SCREEN):
        found.append(f"{page.evaluate('document.documentElement.scrollWidth')}px wide")
    results = Axe().run(page)
    found += [v["id"] for v in results.response["violations"] if v["impact"] in SERIOUS]
    if folder := os.environ.get("SCREENSHOTS_DIR"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"follow-{name}-{width}.png"), full_page=True)
    return found


def _local(site: str, url: str) -> str:
    """The emailed link, on the live server (the email names SITE_URL)."""
    return site + "/" + url.split("/", 3)[3]


def _force_id(slug: str) -> int:
    return Force.objects.get(slug=slug).pk
