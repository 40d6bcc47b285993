"""The Content Security Policy in a real browser: every page works under it, charts included.

An init script records each `securitypolicyviolation` event before the page's own scripts run;
a page passes when it sent the policy, reported no violation and logged no console error.
"""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from inspections.models import Inspection
from tests.factories import PASSWORD

CHART_PAGES = [
    "/dashboards/",
    "/forces/gloucestershire/",
    "/compare/?forces=gloucestershire,greater-manchester",
    "/areas/investigation/",
]
OTHER_PAGES = [
    "/inspections/gloucestershire-ncpi-2025-05-21/",
    "/accounts/login/",
    "/admin/login/",
]
PLOTLY_POSITION = """() => getComputedStyle(
    document.querySelector(".js-plotly-plot .main-svg")
).position"""


def _policy(response) -> dict[str, str]:
    header = response.headers.get("content-security-policy", "")
    directives = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in directives}


def test_the_policy_is_the_strict_one_in_settings(site, page):
    policy = _policy(page.goto(site + "/"))
    expected = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert set(policy) == set(expected)
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in " ".join(policy.values())


@pytest.mark.parametrize("path", CHART_PAGES)
def test_charts_draw_with_no_violation(site, page, console_errors, csp_violations, path):
    response = page.goto(site + path)
    assert _policy(response)["style-src"] == "'self'"
    charts = page.locator("[data-figure]")
    assert charts.count() > 0
    expect(page.locator('[data-figure][data-rendered="true"]')).to_have_count(charts.count())
    # Plotly's own rules apply, from static/app/plotly.css, and it inserted no <style>.
    assert page.evaluate(PLOTLY_POSITION) == "absolute"
    assert page.locator("style").count() == 0
    assert csp_violations() == []
    assert console_errors == []


@pytest.mark.parametrize("path", OTHER_PAGES)
def test_other_pages_load_with_no_violation(site, page, console_errors, csp_violations, path):
    response = page.goto(site + path)
    assert response.status == 200
    assert _policy(response)["script-src"] == "'self'"
    page.wait_for_load_state("load")
    assert csp_violations() == []
    assert console_errors == []


def test_the_api_docs_load_the_schema_with_no_violation(site, page, console_errors, csp_violations):
    response = page.goto(site + "/api/docs/")
    assert _policy(response)["script-src"] == "'self'"
    expect(page.locator(".swagger-ui .info .title")).to_contain_text(
        settings.SPECTACULAR_SETTINGS["TITLE"]
    )
    expect(page.locator(".opblock-tag").first).to_be_visible()
    assert csp_violations() == []
    assert console_errors == []


def test_the_admin_works_under_the_policy(site, page, console_errors, csp_violations, admin_user):
    page.goto(site + "/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(admin_user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_be_visible()
    inspection = Inspection.objects.get(slug="gloucestershire-ncpi-2025-05-21")
    for path in (
        f"/admin/inspections/inspection/{inspection.pk}/change/",
        "/admin/inspections/inspection/import/",
        "/admin/recommendations/recommendation/",
    ):
        response = page.goto(site + path)
        assert response.status == 200, path
        assert _policy(response)["style-src"] == "'self'"
        page.wait_for_load_state("load")
        assert csp_violations() == [], path  # recorded afresh on each page
    assert console_errors == []
