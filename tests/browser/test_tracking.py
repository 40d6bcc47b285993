"""Recommendation tracking in a real browser: a force leader signs in, records progress and
sees it listed; My force and the review queue have no serious accessibility problem."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from inspections import roles
from inspections.models import Inspection
from tests.factories import PASSWORD, RecommendationFactory

SERIOUS = {"serious", "critical"}


@pytest.fixture
def role_groups(site):
    """The groups a migration makes: a browser test empties the database when it ends."""
    inspectors, _ = Group.objects.get_or_create(name=roles.INSPECTORS)
    inspectors.permissions.add(Permission.objects.get(codename="verify_recommendation"))
    Group.objects.get_or_create(name=roles.FORCE_LEADERS)


def _sign_in(page, site, username, next_path):
    page.goto(f"{site}/accounts/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _serious(page) -> tuple[list, str]:
    results = Axe().run(page)
    found = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
    return found, results.generate_report()


def test_a_force_leader_records_progress_and_sees_it_listed(site, role_groups, force_leader, page):
    _sign_in(page, site, "leader", "/my-force/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gloucestershire Constabulary")
    serious, report = _serious(page)
    assert serious == [], report

    page.locator("#tracker tbody tr").first.get_by_role("link").first.click()
    page.get_by_role("link", name="Record progress").click()
    page.get_by_label("In progress").check()
    page.get_by_label("What has been done").fill("Multi-agency training booked for all teams.")
    page.get_by_label("Links to evidence (optional)").fill("https://example.org/training-plan")
    page.get_by_role("button", name="Save progress update").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your progress update has been recorded."
    )
    expect(page.locator(".govuk-summary-card").first).to_contain_text(
        "Multi-agency training booked for all teams."
    )
    page.get_by_role("link", name="My force").first.click()
    first_row = page.locator("#tracker tbody tr").first
    expect(first_row).to_contain_text("In progress")
    expect(first_row).to_contain_text("0 days ago")


def test_a_missing_narrative_is_shown_in_an_error_summary(site, role_groups, force_leader, page):
    _sign_in(page, site, "leader", "/my-force/")
    page.locator("#tracker tbody tr").first.get_by_role("link").first.click()
    page.get_by_role("link", name="Record progress").click()
    page.get_by_role("button", name="Save progress update").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Describe the progress")
    serious, report = _serious(page)
    assert serious == [], report


def test_axe_finds_no_serious_or_critical_violation_on_the_review_queue(
    site, role_groups, inspector, page
):
    _sign_in(page, site, "inspector", "/tracking/review/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    serious, report = _serious(page)
    assert serious == [], report


def test_api_tokens_are_created_and_revoked_by_keyboard_on_an_accessible_account_page(
    site, role_groups, force_leader, page
):
    _sign_in(page, site, "leader", "/accounts/")
    expect(page.get_by_text("You have no tokens.")).to_be_visible()
    page.get_by_role("button", name="Create a token").focus()
    page.keyboard.press("Enter")

    secret = page.locator("#new-token")
    expect(secret).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    key = secret.text_content()[:15]
    expect(page.locator("#tokens-caption + thead + tbody")).to_contain_text(key)
    page.set_viewport_size({"width": 320, "height": 800})
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    serious, report = _serious(page)
    assert serious == [], report

    page.get_by_role("button", name=f"Revoke the token starting {key}").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"The token starting {key} is revoked."
    )
    expect(page.get_by_text("You have no tokens.")).to_be_visible()
    assert key not in page.locator("main").text_content().replace(f"starting {key}", "")
    serious, report = _serious(page)
    assert serious == [], report


def test_a_long_tracker_pages_by_keyboard_with_no_serious_accessibility_problem(
    site, role_groups, force_leader, page
):
    inspection = Inspection.objects.get(slug="gloucestershire-ncpi-2025-05-21")
    finding = inspection.findings.first()
    shown = inspection.recommendations.count() + 40
    RecommendationFactory.create_batch(40, inspection=inspection, finding=finding)
    _sign_in(page, site, "leader", "/my-force/")
    pages = page.get_by_role("navigation", name="Pages of recommendations")
    expect(pages.get_by_role("link", name="Page 2")).to_be_visible()
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 800})
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        serious, report = _serious(page)
        assert serious == [], report

    pages.get_by_role("link", name="Next page").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#tracker tbody tr")).to_have_count(shown - 50)
    expect(page.get_by_role("link", name="Page 2")).to_have_attribute("aria-current", "page")
    serious, report = _serious(page)
    assert serious == [], report
