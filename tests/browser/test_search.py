"""Search in a real browser: the header box finds Gloucestershire's evidence, the page is
clean for axe, and it works the same with JavaScript off."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

SERIOUS = {"serious", "critical"}


def _search_from_the_header(page, site, words: str) -> None:
    page.goto(site + "/dashboards/")
    page.get_by_role("search", name="Site").get_by_role("searchbox").fill(words)
    page.get_by_role("search", name="Site").get_by_role("button", name="Search").click()


def test_voice_of_the_child_finds_gloucestershires_statistic_and_recommendations(
    site, page, console_errors, csp_violations
):
    _search_from_the_header(page, site, "voice of the child")

    expect(page).to_have_url(site + "/search/?q=voice+of+the+child")
    statistics = page.locator(
        "section", has=page.get_by_role("heading", name="Case-file statistics")
    )
    first = statistics.locator("li").first
    expect(first).to_contain_text("voice of the child was absent: 25 of 48 case files")
    expect(first).to_contain_text("Gloucestershire Constabulary")
    recommendations = page.locator(
        "section", has=page.get_by_role("heading", name="Recommendations", exact=True)
    )
    expect(recommendations.locator("li").first).to_be_visible()
    expect(recommendations.locator("li").first).to_contain_text("Gloucestershire Constabulary")
    first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/inspections/gloucestershire-ncpi-2025-05-21/#area-"))
    assert console_errors == []
    assert csp_violations() == []


@pytest.mark.parametrize("query", ["?q=voice+of+the+child", "?q=", ""])
def test_axe_finds_nothing_serious_on_the_search_page(site, page, query):
    page.goto(site + "/search/" + query)
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
    assert serious == [], results.generate_report()


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_search_works_without_javascript_and_names_a_bad_query(site, page):
    _search_from_the_header(page, site, "the")

    expect(page.locator(".govuk-error-summary")).to_contain_text("too common to search for")
    page.locator("main").get_by_role("searchbox").fill("gloucester")
    page.locator("main").get_by_role("button", name="Search").click()
    expect(
        page.get_by_role("link", name="Gloucestershire Constabulary", exact=True)
    ).to_be_visible()
