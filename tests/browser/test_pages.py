"""The force, inspection, compare and area pages in a real browser.

Each page loads with no console error, failed request or blocked content; each chart draws
beside its data table; axe finds nothing serious; every CSV link downloads its table; the
compare form changes the forces compared; and without JavaScript the tables are still there.
"""

import csv
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from dashboards.figures import GRADE_COLOURS

SERIOUS = {"serious", "critical"}
GLOUCESTERSHIRE = "/inspections/gloucestershire-ncpi-2025-05-21/"
COMPARE = "/compare/?forces=gloucestershire,greater-manchester,west-midlands"
# path → (chart panels, of which drawn as figures, of which empty: no rows to show)
PAGES = {
    # child protection in full; PEEL known from its grades: its other panels say not entered
    "/forces/gloucestershire/": (8, 5, 3),
    # grades only, in both programmes: recommendations and case-file figures not entered
    "/forces/cleveland/": (8, 2, 6),
    GLOUCESTERSHIRE: (0, 0, 0),
    COMPARE: (2, 1, 0),
    "/areas/investigation/": (2, 1, 0),
}
WITH_DOWNLOADS = ["/dashboards/", "/forces/gloucestershire/", COMPARE, "/areas/investigation/"]

TABLE_ROWS = """table => [...table.querySelectorAll("tr")].map(
    row => [...row.querySelectorAll("th, td")].map(cell => cell.textContent.trim())
)"""


@pytest.mark.parametrize("path", PAGES)
def test_the_page_draws_each_chart_beside_its_table_with_no_error(
    site, page, console_errors, csp_violations, path
):
    panels, drawn, empty = PAGES[path]
    page.goto(site + path)
    charts = page.locator("section.app-chart")
    expect(charts).to_have_count(panels)
    expect(page.locator("[data-figure]")).to_have_count(drawn)
    assert sum(_is_empty(chart) for chart in charts.all()) == empty
    for chart in charts.all():
        figure = chart.locator("[data-figure]")
        if _is_empty(chart):
            expect(figure).to_have_count(0)
            continue
        table = chart.locator("table")
        # The sortable table adds "(column headers with buttons are sortable)" for screen readers.
        expect(table.locator("caption")).to_contain_text(chart.locator("h2").text_content())
        expect(table.locator("tbody tr").first).to_be_attached()
        if figure.count():
            expect(figure).to_have_attribute("data-rendered", "true")
            expect(figure.locator("svg.main-svg").first).to_be_attached()
            expect(figure).to_have_attribute("role", "img")
            expect(table).to_be_hidden()  # folded under the chart, one click away
            chart.locator("summary").click()
            expect(table).to_be_visible()
    expect(page.locator("main table").first).to_be_attached()
    page.wait_for_load_state("networkidle")
    assert console_errors == []
    assert csp_violations() == []


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_or_critical_violation(site, page, path):
    page.goto(site + path)
    for figure in page.locator("[data-figure]").all():
        expect(figure).to_have_attribute("data-rendered", "true")
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
    assert serious == [], results.generate_report()


def test_the_inspection_page_shows_the_judgments_and_evidence(site, page, console_errors):
    page.goto(site + GLOUCESTERSHIRE)
    judgments = page.locator("table", has=page.locator("caption", has_text="Judgments"))
    tags = judgments.locator("tbody .govuk-tag")
    expect(tags).to_have_text(
        ["Inadequate", "Adequate", "Inadequate", "Requires improvement", "Inadequate"]
    )
    grades = ["inadequate", "adequate", "inadequate", "requires_improvement", "inadequate"]
    for index, grade in enumerate(grades):  # in the charts' colours
        expect(tags.nth(index)).to_have_css("background-color", _rgb(GRADE_COLOURS[grade]))
    expect(page.locator("caption", has_text="Case-file evidence").first).to_be_visible()
    assert console_errors == []


def test_a_link_by_id_lands_on_the_inspection_page(site, page, gloucestershire):
    response = page.goto(f"{site}/inspections/{gloucestershire.pk}/")
    assert response.url == site + GLOUCESTERSHIRE
    assert response.request.redirected_from.response().status == 301
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "National child protection inspection"
    )


def test_choosing_forces_in_the_form_changes_the_forces_compared(
    site, page, console_errors, csp_violations
):
    page.goto(site + "/compare/")
    _choose(page, ["Gloucestershire Constabulary", "Greater Manchester Police"])
    page.get_by_role("button", name="Compare").click()
    _expect_compared(page, ["Gloucestershire Constabulary", "Greater Manchester Police"])

    page.get_by_text("Choose two to six forces").click()
    _choose(
        page, ["Cleveland Police", "West Midlands Police"], uncheck=["Greater Manchester Police"]
    )
    page.get_by_role("button", name="Compare").click()
    _expect_compared(
        page, ["Cleveland Police", "Gloucestershire Constabulary", "West Midlands Police"]
    )
    assert "forces=cleveland" in page.url

    page.get_by_text("Choose two to six forces").click()
    _choose(page, ["Greater Manchester Police", "Northamptonshire Police", "Staffordshire Police"])
    page.get_by_role("button", name="Compare").click()
    _expect_compared(
        page,
        [
            "Cleveland Police",
            "Gloucestershire Constabulary",
            "Greater Manchester Police",
            "Northamptonshire Police",
            "Staffordshire Police",
            "West Midlands Police",
        ],
    )
    assert console_errors == []
    assert csp_violations() == []


@pytest.mark.parametrize(
    ("forces", "message"),
    [
        (["Kent Police"], "Choose two to six forces, not 1."),
        (
            [
                "Kent Police",
                "Essex Police",
                "Surrey Police",
                "Sussex Police",
                "Dorset Police",
                "Wiltshire Police",
                "Cleveland Police",
            ],
            "Choose two to six forces, not 7.",
        ),
    ],
)
def test_too_few_or_too_many_forces_get_a_clear_message(site, page, forces, message):
    page.goto(site + "/compare/")
    _choose(page, forces)
    with page.expect_response(lambda r: "/compare/?" in r.url) as answer:
        page.get_by_role("button", name="Compare").click()
    assert answer.value.status == 400
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    expect(summary.get_by_role("link")).to_have_text(message)
    expect(page.locator("section.app-chart")).to_have_count(0)
    for name in forces:  # the choice is kept, to be corrected
        expect(page.get_by_label(name, exact=True)).to_be_checked()
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
    assert serious == [], results.generate_report()


def test_the_overview_filters_change_the_heatmap(site, page, console_errors):
    page.goto(site + "/dashboards/")
    heatmap = page.locator("#grades")
    expect(heatmap.locator("tbody tr")).to_have_count(5)
    expect(heatmap.locator(".ytick text")).to_have_count(5)

    page.get_by_label("Region", exact=True).select_option("South West")
    page.get_by_label("Area", exact=True).select_option("leadership")
    page.get_by_role("button", name="Apply filters").click()

    expect(heatmap.locator("[data-figure]")).to_have_attribute("data-rendered", "true")
    expect(heatmap.locator(".ytick text")).to_have_text(["Gloucestershire Constabulary"])
    expect(heatmap.locator(".xtick text")).to_have_text(["Leadership"])
    expect(heatmap.locator("tbody tr")).to_have_count(1)
    expect(page.get_by_label("Region", exact=True)).to_have_value("South West")

    page.get_by_label("Region", exact=True).select_option("")
    page.get_by_label("Area", exact=True).select_option("")
    page.get_by_label("Grade", exact=True).select_option("good")
    page.get_by_role("button", name="Apply filters").click()
    expect(heatmap.locator(".ytick text")).to_have_count(3)
    assert sorted(heatmap.locator(".ytick text").all_text_contents()) == [
        "Greater Manchester Police",
        "Northamptonshire Police",
        "West Midlands Police",
    ]
    assert console_errors == []


@pytest.mark.parametrize("path", WITH_DOWNLOADS)
def test_each_csv_download_holds_the_rows_of_the_table_beside_it(site, page, path):
    page.goto(site + path)
    expect(page.locator("section.app-chart a[download]").first).to_be_attached()
    downloaded = 0
    for chart in page.locator("section.app-chart").all():
        if _is_empty(chart):
            expect(chart.locator("a[download]")).to_have_count(0)
            continue
        on_page = chart.locator("table").evaluate(TABLE_ROWS)
        with page.expect_download() as download:
            chart.get_by_role("link", name="Download this data (CSV)").click()
        assert download.value.suggested_filename.endswith(f"-{chart.get_attribute('id')}.csv")
        with open(download.value.path(), newline="", encoding="utf-8") as file:
            assert list(csv.reader(file)) == on_page
        downloaded += 1
    assert downloaded >= 2


@pytest.mark.browser_context_args(java_script_enabled=False)
@pytest.mark.parametrize("path", [*PAGES, "/dashboards/"])
def test_without_javascript_the_tables_are_still_there(site, page, path):
    page.goto(site + path)
    expect(page.locator("body")).not_to_have_class(re.compile(r"\bjs-enabled\b"))
    expect(page.locator("svg.main-svg")).to_have_count(0)
    expect(page.locator("main table").first).to_be_attached()
    for chart in page.locator("section.app-chart").all():
        if _is_empty(chart):
            continue
        table = chart.locator("table")
        expect(table).to_be_visible()  # open: no "Show the data" click needed
        for figure in chart.locator(".app-chart__figure").all():
            expect(figure).to_be_hidden()  # no empty chart box
        expect(table.locator("tbody tr").first).to_be_visible()


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_without_javascript_the_compare_form_still_compares(site, page):
    page.goto(site + "/compare/")
    _choose(page, ["Cleveland Police", "Northamptonshire Police"])
    page.get_by_role("button", name="Compare").click()
    table = page.locator("#grades table")
    expect(table.locator("tbody th")).to_have_text(["Cleveland Police", "Northamptonshire Police"])


def _rgb(hex_colour: str) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def _is_empty(chart) -> bool:
    """A panel with no rows says so in words, with no chart, table or download."""
    return chart.locator("p.govuk-hint").count() == 1 and chart.locator("table").count() == 0


def _choose(page, names: list[str], *, uncheck: list[str] = ()) -> None:
    for name in names:
        page.get_by_label(name, exact=True).check()
    for name in uncheck:
        page.get_by_label(name, exact=True).uncheck()


def _expect_compared(page, names: list[str]) -> None:
    grades = page.locator("#grades")
    expect(grades.locator("tbody th")).to_have_text(names)  # the new page, not the last one
    expect(page.locator("#measures tbody th")).to_have_text(names)
    expect(grades.locator("[data-figure]")).to_have_attribute("data-rendered", "true")
    ticks = grades.locator(".ytick text")
    expect(ticks).to_have_count(len(names))
    assert sorted(ticks.all_text_contents()) == names
