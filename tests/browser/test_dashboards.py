"""The national overview in a real browser: charts.js draws every figure, offline and accessibly."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

SERIOUS = {"serious", "critical"}


def test_every_figure_on_the_national_overview_is_drawn(site, page, console_errors):
    page.goto(site + "/dashboards/")
    figures = page.locator("[data-figure]")
    expect(figures.first).to_be_attached()
    for index in range(figures.count()):
        expect(figures.nth(index)).to_have_attribute("data-rendered", "true")
        expect(figures.nth(index).locator("svg.main-svg").first).to_be_attached()
    page.wait_for_load_state("networkidle")
    assert console_errors == []


def test_axe_finds_no_serious_or_critical_violation_on_the_national_overview(site, page):
    page.goto(site + "/dashboards/")
    expect(page.locator("[data-figure]").first).to_have_attribute("data-rendered", "true")
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
    assert serious == [], results.generate_report()
