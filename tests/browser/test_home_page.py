"""The home page in a real browser: it works offline, its CSS and JS load, and it is accessible."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from dashboards.figures import GRADE_COLOURS

GLOUCESTERSHIRE = "#gloucestershire-ncpi-2025-05-21"
SERIOUS = {"serious", "critical"}


def test_it_loads_with_no_console_error_and_no_external_request(site, page, console_errors):
    page.goto(site + "/")
    expect(page.locator("#grades-ncpi")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert console_errors == []


def test_govuk_frontend_javascript_ran(site, page, console_errors):
    page.goto(site + "/")
    body = page.locator("body")
    expect(body).to_have_class(re.compile(r"\bjs-enabled\b"))
    expect(body).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    # initAll() marks each component it starts.
    expect(page.locator(".govuk-service-navigation")).to_have_attribute(
        "data-govuk-service-navigation-init", ""
    )
    expect(page.locator(".govuk-skip-link")).to_have_attribute("data-govuk-skip-link-init", "")
    assert console_errors == []


def test_the_stylesheet_applies_with_arial_and_no_web_font(site, page, console_errors):
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(site + "/")
    page.evaluate("document.fonts.ready.then(() => true)")
    stylesheets = [r for r in responses if r.request.resource_type == "stylesheet"]
    assert [r.status for r in stylesheets] == [200]
    assert stylesheets[0].headers["content-type"].startswith("text/css")

    header = page.locator(".govuk-generic-header")
    expect(header).to_have_css("background-color", "rgb(11, 12, 12)")
    expect(page.locator("h1")).to_have_css("font-family", "arial, sans-serif")
    font_faces = page.evaluate(
        """() => [...document.styleSheets].flatMap(sheet => [...sheet.cssRules])
                 .filter(rule => rule instanceof CSSFontFaceRule).length"""
    )
    assert font_faces == 0  # no GDS Transport: this is not a GOV.UK service
    assert page.evaluate("[...document.fonts].filter(f => f.status === 'error').length") == 0
    assert console_errors == []


def test_gloucestershire_shows_its_five_grades_in_the_charts_colours(site, page):
    page.goto(site + "/")
    tags = page.locator(f"{GLOUCESTERSHIRE} td .govuk-tag")
    expect(tags).to_have_text(
        ["Inadequate", "Adequate", "Inadequate", "Requires improvement", "Inadequate"]
    )
    for index, grade in enumerate(["inadequate", "adequate", "inadequate", "requires_improvement"]):
        expect(tags.nth(index)).to_have_css("background-color", _rgb(GRADE_COLOURS[grade]))


def _rgb(hex_colour: str) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def test_axe_finds_no_serious_or_critical_violation(site, page):
    page.goto(site + "/")
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
    print(f"axe {results.response['testEngine']['version']}: {results.violations_count} violations")
    assert serious == [], results.generate_report()
