"""The home page's grade tables sort by force, date or any area's grade, without JavaScript."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _table(body: str, programme: str) -> str:
    table = body[body.index(f'id="grades-{programme}"') :]
    return table[: table.index("</table>")]


def _cells(table: str, column: int) -> list[str]:
    rows = re.findall(r"<tr id=[^>]*>(.*?)</tr>", table, flags=re.S)
    cells = [re.findall(r'data-sort-value="([^"]*)"', row) for row in rows]
    return [c[column] for c in cells]


def test_an_area_column_sorts_by_grade_with_not_known_lowest(client, reference_data):
    response = client.get(
        reverse("inspections:home"), {"sort": "peel-2023-25.investigating_crime", "order": "desc"}
    )

    table = _table(response.content.decode(), "peel-2023-25")
    areas = re.findall(r'href="\?sort=peel-2023-25\.([a-z_-]+)&amp;order=', table)
    index = areas.index("investigating_crime")  # header links: force, published, areas…
    scores = [int(v) for v in _cells(table, index)]
    assert len(scores) >= 5
    assert scores == sorted(scores, reverse=True)
    link = 'href="?sort=peel-2023-25.investigating_crime&amp;order=asc#programme-peel-2023-25"'
    assert f'aria-sort="descending"><a class="govuk-link app-sort-link" {link}><abbr' in table


def test_the_force_column_sorts_by_name_and_other_tables_keep_their_order(client, reference_data):
    plain = client.get(reverse("inspections:home")).content.decode()
    response = client.get(reverse("inspections:home"), {"sort": "ncpi.force", "order": "desc"})

    body = response.content.decode()
    names = _cells(_table(body, "ncpi"), 0)
    assert names == sorted(names, reverse=True)
    assert _cells(_table(body, "peel-2023-25"), 0) == _cells(_table(plain, "peel-2023-25"), 0)


def test_every_force_not_inspected_links_to_its_page(client, reference_data):
    body = client.get(reverse("inspections:home")).content.decode()

    section = body[body.index('id="not-inspected"') :]
    assert section.count('<li><a class="govuk-link" href="/forces/') == len(
        re.findall("<li>", section)
    )
