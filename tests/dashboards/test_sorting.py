"""Chart tables sort by any column on the server, so sorting works without JavaScript, and name
every force with a link to its page."""

import re

import pytest
from django.http import QueryDict
from django.urls import reverse

from dashboards.tables import Chart
from inspections.sorting import Sort, requested_sort, sort_rows, sort_value

ROWS = [
    ["Kent Police", "Good", 12],
    ["Essex Police", "Not known", None],
    ["Avon and Somerset Constabulary", "Inadequate", 3],
    ["Dorset Police", "Outstanding", 40],
]


def _chart(query: str) -> Chart:
    chart = Chart(
        id="grades",
        title="Grades",
        summary="",
        headers=["Force", "Leadership", "Open"],
        rows=[list(r) for r in ROWS],
        links={"Kent Police": "/forces/kent/"},
    )
    chart.sort_by(QueryDict(query))
    return chart


def _first_cells(chart: Chart) -> list[str]:
    return [re.sub("<[^>]+>", "", c) for c in re.findall(r"<th[^>]*>(.*?)</th>", chart.table_rows)]


def test_a_grade_column_sorts_by_the_scale_with_not_known_lowest():
    chart = _chart("sort=grades.leadership&order=asc")

    assert _first_cells(chart) == [
        "Essex Police",
        "Avon and Somerset Constabulary",
        "Kent Police",
        "Dorset Police",
    ]
    assert [c.aria_sort for c in chart.columns] == ["none", "ascending", "none"]


def test_descending_reverses_it_and_the_header_link_turns_it_back():
    chart = _chart("sort=grades.open&order=desc&programme=peel-2023-25")

    assert _first_cells(chart) == [
        "Dorset Police",
        "Kent Police",
        "Avon and Somerset Constabulary",
        "Essex Police",
    ]
    open_column = chart.columns[2]
    assert open_column.aria_sort == "descending"
    assert QueryDict(open_column.url[1:]).dict() == {
        "sort": "grades.open",
        "order": "asc",
        "programme": "peel-2023-25",
    }
    assert QueryDict(chart.columns[0].url[1:])["order"] == "asc"


@pytest.mark.parametrize(
    "query", ["", "sort=grades.nonsense", "sort=themes.open", "sort=grades.open&order=sideways"]
)
def test_a_sort_the_table_does_not_offer_leaves_its_own_order_or_sorts_ascending(query):
    chart = _chart(query)

    expected = [r[0] for r in ROWS]
    if "order=sideways" in query:
        expected = [
            "Essex Police",
            "Avon and Somerset Constabulary",
            "Kent Police",
            "Dorset Police",
        ]
    assert _first_cells(chart) == expected


def test_a_linked_name_sorts_by_its_text_in_the_browser_too():
    rows = str(_chart("").table_rows)

    assert (
        '<th scope="row" class="govuk-table__header" data-sort-value="Kent Police">'
        '<a class="govuk-link" href="/forces/kent/">Kent Police</a></th>'
    ) in rows
    assert '<th scope="row" class="govuk-table__header">Essex Police</th>' in rows


def test_sort_values_order_missing_then_numbers_then_words():
    values = ["b", None, "10", 2, "Not known", "—", "a", 2.5]

    assert sorted(values, key=sort_value) == [None, "Not known", "—", 2, 2.5, "10", "a", "b"]
    assert sort_rows(values, lambda v: v, Sort()) == values
    assert requested_sort(QueryDict("sort=x.a"), ["a"], prefix="x.") == Sort("a", False)


@pytest.mark.django_db
def test_the_overview_sorts_its_heatmap_table_on_the_server_and_links_each_force(
    client, reference_data
):
    url = reverse("dashboards:overview")

    response = client.get(
        url, {"programme": "peel-2023-25", "sort": "grades.force", "order": "desc"}
    )

    body = response.content.decode()
    table = body[body.index('id="grades"') :]
    table = table[table.index("<tbody") : table.index("</tbody>")]
    names = re.findall(r'<a class="govuk-link" href="/forces/[a-z-]+/">([^<]+)</a>', table)
    assert len(names) >= 5
    assert names == sorted(names, key=str.casefold, reverse=True)
    assert 'aria-sort="descending"><a class="govuk-link app-sort-link"' in body
    assert 'data-module="moj-sortable-table"' in body
    heatmap = next(c for c in response.context["charts"] if c.id == "grades")
    assert set(heatmap.links) == {row[0] for row in heatmap.rows}
    assert all(link == f"/forces/{link.split('/')[2]}/" for link in heatmap.links.values())
