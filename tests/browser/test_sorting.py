"""Tables sort by any column with JavaScript (the MOJ sortable table's buttons) and without it
(the header links sort on the server); a click on a heatmap row opens that force's page."""

import re

import pytest
from playwright.sync_api import expect

OVERVIEW = "/dashboards/?programme=peel-2023-25"


def _names(page) -> list[str]:
    return page.locator("#grades tbody th").all_text_contents()


def _show_table(page) -> None:
    details = page.locator("#grades details")
    if details.get_attribute("open") is None:
        details.locator("summary").click()


def test_a_header_button_sorts_the_table_in_the_browser(site, page, console_errors):
    page.goto(site + OVERVIEW)
    expect(page.locator("#grades [data-figure]")).to_have_attribute("data-rendered", "true")
    _show_table(page)
    before = _names(page)
    header = page.locator("#grades thead th").first

    header.get_by_role("button", name="Force").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    ascending = _names(page)
    header.get_by_role("button", name="Force").click()

    expect(header).to_have_attribute("aria-sort", "descending")
    assert ascending == sorted(before, key=str.casefold)
    assert _names(page) == ascending[::-1]
    assert page.url == site + OVERVIEW  # sorted here, not by a new request
    assert console_errors == []


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_without_javascript_a_header_link_sorts_on_the_server(site, page):
    page.goto(site + OVERVIEW)
    before = _names(page)
    header = page.locator("#grades thead th").first

    header.get_by_role("link", name="Force").click()
    expect(page).to_have_url(re.compile(r"sort=grades\.force&order=asc"))
    expect(header).to_have_attribute("aria-sort", "ascending")
    assert _names(page) == sorted(before, key=str.casefold)
    header.get_by_role("link", name="Force").click()

    expect(page).to_have_url(re.compile(r"sort=grades\.force&order=desc"))
    expect(header).to_have_attribute("aria-sort", "descending")
    assert _names(page) == sorted(before, key=str.casefold, reverse=True)
    assert "programme=peel-2023-25" in page.url  # the filters are kept


def test_every_force_in_the_tables_links_to_its_page(site, page):
    page.goto(site + OVERVIEW)
    _show_table(page)
    links = page.locator("#grades tbody th a")

    expect(links.first).to_be_attached()
    assert links.count() == page.locator("#grades tbody tr").count()
    links.first.click()
    expect(page).to_have_url(re.compile(r"/forces/[a-z-]+/$"))


def test_a_click_on_a_heatmap_row_opens_that_forces_page(site, page, console_errors):
    page.goto(site + OVERVIEW)
    figure = page.locator("#grades [data-figure]")
    expect(figure).to_have_attribute("data-rendered", "true")
    # Where Plotly drew the middle of the first cell of the row of the second force.
    name, x, y = figure.evaluate(
        """element => {
            const layout = element._fullLayout, row = 1;
            const name = layout.yaxis._categories[row];
            const x = layout._size.l + layout.xaxis.l2p(0);
            const y = layout._size.t + layout.yaxis.l2p(row);
            return [name, x, y];
        }"""
    )
    # The chart is taller than the window: bring its top, where the row is, into view.
    figure.evaluate("element => element.scrollIntoView({block: 'start'})")
    box = figure.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)

    expect(page.locator("h1")).to_have_text(name)
    assert page.url.startswith(site + "/forces/")
    assert console_errors == []


def test_the_home_pages_grade_table_sorts_by_grade_in_the_browser(site, page, console_errors):
    page.goto(site + "/")
    table = page.locator("#grades-peel-2023-25")
    header = table.locator("thead th").nth(2)
    header.locator("button").click()
    expect(header).to_have_attribute("aria-sort", "ascending")

    scores = [
        int(cell.get_attribute("data-sort-value"))
        for cell in table.locator("tbody tr td:nth-child(3)").all()
    ]

    assert len(scores) >= 5
    assert scores == sorted(scores)
    assert console_errors == []
