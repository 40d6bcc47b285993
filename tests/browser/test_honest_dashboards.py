"""In a real browser: every part of the overview follows its filters, national comparisons need
three forces and show their pool, and no page ranks forces by mean grade."""

import csv
import io
import re
from urllib.parse import urljoin

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from dashboards.services import recompute_all_indicators
from findings.models import CaseFileStatistic, Measure
from tests.factories import CaseFileStatisticFactory, ForceFactory, InspectionFactory

TABLE_ROWS = """id => [...document.querySelectorAll(`#${id} table tbody tr`)].map(
    row => [...row.querySelectorAll("th, td")].map(cell => cell.textContent.trim()))"""
FIGURE_DATA = """id => JSON.parse(document.getElementById(`${id}-figure`).textContent).data"""


@pytest.fixture
def fresh(site):
    recompute_all_indicators()
    cache.clear()
    yield site
    cache.clear()


def _rows(page, chart_id: str) -> list[list[str]]:
    return page.evaluate(TABLE_ROWS, chart_id)


def _csv_rows(page, chart_id: str) -> list[list[str]]:
    link = page.locator(f"#{chart_id} a[download]")
    if not link.count():
        return []
    response = page.request.get(urljoin(page.url, link.get_attribute("href")))
    rows = list(csv.reader(io.StringIO(response.text())))
    return rows[1:]


def _apply(page, label: str, option: str) -> None:
    page.get_by_label(label, exact=True).select_option(label=option)
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()


def _overview(page) -> dict:
    heatmap = page.locator("#grades-figure")
    forces = page.evaluate(FIGURE_DATA, "grades")[0]["y"] if heatmap.count() else []
    charts = ("grades", "distribution", "themes", "overdue")
    return {
        "forces": forces,
        "tables": {c: _rows(page, c) for c in charts},
        "csv": {c: _csv_rows(page, c) for c in charts},
    }


@pytest.mark.parametrize(
    ("label", "option", "query"),
    [
        ("Region", "North East", "region=North+East"),
        ("Area", "Leadership of child protection arrangements (Child protection)", "area="),
        ("Grade", "Adequate", "grade=adequate"),
    ],
)
def test_every_chart_and_table_on_the_overview_follows_each_filter(
    fresh, page, label, option, query
):
    page.goto(fresh + "/dashboards/")
    before = _overview(page)
    _apply(page, label, option)
    after = _overview(page)
    assert query in page.url

    # the heatmap: fewer forces (or areas), all of them among those shown before
    assert set(after["forces"]) <= set(before["forces"])
    width = len(after["tables"]["grades"][0]) if after["tables"]["grades"] else 0
    assert (len(after["forces"]), width) < (
        len(before["forces"]),
        len(before["tables"]["grades"][0]),
    ) or (
        len(after["forces"]) == len(before["forces"]) and width < len(before["tables"]["grades"][0])
    )
    # the distribution counts no more forces than the heatmap shows
    for row in after["tables"]["distribution"]:
        assert int(row[-1]) <= len(after["forces"])
    assert sum(int(r[-1]) for r in after["tables"]["distribution"]) < sum(
        int(r[-1]) for r in before["tables"]["distribution"]
    )
    # themes: no more causes of concern than before
    assert sum(int(r[1]) for r in after["tables"]["themes"]) <= sum(
        int(r[1]) for r in before["tables"]["themes"]
    )
    # overdue: only forces the heatmap shows
    assert {r[0] for r in after["tables"]["overdue"]} <= set(after["forces"])
    # every CSV is the table beside it, filtered the same way
    for chart, rows in after["tables"].items():
        assert after["csv"][chart] == rows, chart
    # the page names the filter and offers to clear it
    filters = page.locator("#active-filters")
    expect(filters).to_contain_text(f"{label}:")
    filters.get_by_role("link", name="Clear filters").click()
    page.wait_for_load_state()
    assert _overview(page)["forces"] == before["forces"]
    expect(page.locator("#active-filters")).to_have_count(0)


def test_the_programme_keeps_its_own_case_in_the_filter_line_and_summary(fresh, page):
    page.goto(fresh + "/dashboards/?programme=peel-2023-25")
    expect(page.locator("#active-filters")).to_contain_text("Programme: PEEL 2023–25")
    expect(page.locator("body")).not_to_contain_text("peel 2023–25")


# National comparisons -----------------------------------------------------------------------


def _another_force_with(measure: Measure, numerator: int, denominator: int) -> None:
    CaseFileStatisticFactory(
        inspection=InspectionFactory(force=ForceFactory()),
        measure=measure,
        numerator=numerator,
        denominator=denominator,
    )


def _case_file_panel(page, site: str):
    recompute_all_indicators()
    cache.clear()
    page.goto(site + "/forces/gloucestershire/")
    panel = page.locator("#ncpi-case-files")
    expect(panel.locator("[data-figure]")).to_have_attribute("data-rendered", "true")
    return panel


def test_two_forces_give_no_national_comparison_and_three_give_one_with_its_pool(fresh, page):
    measure = Measure.objects.get(slug="voice_of_the_child_absent")
    own = CaseFileStatistic.objects.get(measure=measure, inspection__force__slug="gloucestershire")
    _another_force_with(measure, 10, 40)
    panel = _case_file_panel(page, fresh)
    row = panel.locator("tbody tr", has_text=own.about)
    expect(row).to_contain_text("No national comparison yet: 2 forces have this measure")
    expect(row).not_to_contain_text("national rate")
    expect(panel.locator(".legendtext", has_text="England and Wales")).to_have_count(0)

    _another_force_with(measure, 30, 60)
    panel = _case_file_panel(page, fresh)
    row = panel.locator("tbody tr", has_text=own.about)
    expect(row).to_contain_text(f"pooled from 3 forces, {own.denominator + 100} case files")
    expect(panel.locator(".legendtext", has_text="England and Wales (pooled)")).to_have_count(1)
    # the count behind the rate, on the chart's own labels
    expect(
        panel.locator(".ytick", has_text=f"({own.numerator} of {own.denominator})")
    ).to_have_count(1)


def test_no_page_shows_a_national_rate_built_from_fewer_than_three_forces(fresh, page):
    for url in ("/forces/gloucestershire/", "/inspections/" + _glos_inspection() + "/"):
        page.goto(fresh + url)
        body = " ".join(page.locator("main").text_content().split())  # folded tables too
        assert "than the national rate" not in body, url
        assert "No national comparison yet: 1 force has this measure" in body, url


def _glos_inspection() -> str:
    return CaseFileStatistic.objects.filter(measure__isnull=False).first().inspection.slug


# No league tables ---------------------------------------------------------------------------

RANK_WORDS = re.compile(r"\brank(ed|s|ing)?\b|mean grade|averages? \d", re.IGNORECASE)


def test_no_page_ranks_forces_by_mean_grade(fresh, page):
    urls = [
        "/dashboards/",
        "/forces/gloucestershire/",
        "/forces/cleveland/",
        "/compare/?forces=gloucestershire,cleveland,greater-manchester",
        "/areas/investigation/",
    ]
    for url in urls:
        page.goto(fresh + url)
        assert not RANK_WORDS.search(page.locator("main").text_content()), url
    page.goto(fresh + "/compare/?forces=gloucestershire,cleveland")
    expect(page.locator("#measures")).to_contain_text("areas known")


def test_the_area_page_lists_forces_in_grade_order_with_not_known_last_and_says_so(fresh, page):
    page.goto(fresh + "/areas/investigation/")
    rows = _rows(page, "forces")
    grades = [row[1] for row in rows]
    known = [g for g in grades if g != "Not known"]
    assert grades[: len(known)] == known
    expect(page.locator("#forces")).to_contain_text("not known come last")


def _serious(page, rules=None) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("networkidle")
    violations = Axe().run(page).response["violations"]
    return [
        v
        for v in violations
        if v["impact"] in {"serious", "critical"} and (rules is None or v["id"] in rules)
    ]


def test_axe_finds_no_serious_or_critical_violation_on_the_about_page(fresh, page):
    page.goto(fresh + "/about-the-data/")
    assert _serious(page) == []


def test_the_api_docs_have_a_language_a_title_and_readable_colours(fresh, page):
    page.goto(fresh + "/api/docs/")
    expect(page.locator(".opblock").first).to_be_visible()
    rules = {"html-has-lang", "document-title", "color-contrast", "landmark-no-duplicate-main"}
    assert _serious(page, rules) == []


def test_the_api_docs_lead_back_to_the_site(fresh, page):
    page.goto(fresh + "/api/docs/")
    assert page.locator("html").get_attribute("lang") == "en-GB"
    page.get_by_role("link", name="Back to the site").click()
    page.wait_for_load_state()
    assert page.url == fresh + "/"
    page.get_by_role("contentinfo").get_by_role("link", name="API", exact=True).click()
    page.wait_for_load_state()
    assert page.url == fresh + "/api/docs/"
