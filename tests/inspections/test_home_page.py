"""The home page lists each force's latest inspection each visitor may see, one table per
programme, with every area's grade; earlier inspections are on the force's page."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inspections import roles
from inspections.models import Force, Inspection
from tests.factories import (
    ForceFactory,
    InspectionFactory,
    JudgmentFactory,
    UserFactory,
    area,
    grade,
    ncpi,
    peel,
)

pytestmark = pytest.mark.django_db


def _table(html: str, programme: str) -> str:
    """The section of one programme's table, with the sentence under it."""
    start = html.index(f'id="programme-{programme}"')
    return html[start : html.index("</section>", start)]


def _row_ids(table: str) -> list[str]:
    return re.findall(r'<tr id="([^"]+)"', table)


def _row(html: str, slug: str) -> str:
    """The table row of one inspection."""
    start = html.index(f'<tr id="{slug}"')
    return html[start : html.index("</tr>", start)]


def test_it_shows_gloucestershires_five_grades(client, gloucestershire):
    row = _row(client.get("/").text, gloucestershire.slug)
    assert "Gloucestershire Constabulary" in row
    assert "21 May 2025" in row
    grades = [j.grade.name for j in gloucestershire.judgments.order_by("area__position")]
    assert grades == ["Inadequate", "Adequate", "Inadequate", "Requires improvement", "Inadequate"]
    tags = row.split('<strong class="govuk-tag app-tag--')[1:]
    cells = [tag.split("</strong>")[0] for tag in tags]
    assert [cell.split(">")[1] for cell in cells] == grades
    slugs = [j.grade.slug for j in gloucestershire.judgments.order_by("area__position")]
    assert [cell.split('"')[0] for cell in cells] == slugs  # app-tag--<slug> gives the colour


def test_areas_are_columns_in_the_programmes_order(client, gloucestershire):
    html = client.get("/").text
    table = html[html.index('id="grades-ncpi"') :]
    headers = [a.name for a in gloucestershire.programme.areas.all()]
    positions = [table.index(f'title="{name}"') for name in headers]
    assert positions == sorted(positions)


def test_areas_without_a_known_grade_say_so(client):
    northamptonshire = Inspection.objects.get(
        force__short_name="Northamptonshire", programme__slug="ncpi"
    )
    row = _row(client.get("/").text, northamptonshire.slug)
    assert row.count("Not known") == 2
    assert "22 August 2025" in row


def test_a_date_known_only_to_the_month_is_shown_so(client):
    cleveland = Inspection.objects.get(force__short_name="Cleveland", programme__slug="ncpi")
    assert "January 2025" in _row(client.get("/").text, cleveland.slug)


def test_forces_without_inspections_are_listed_apart(client):
    html = client.get("/").text
    not_inspected = html[html.index('id="not-inspected"') :]
    assert "Dyfed-Powys Police" in not_inspected
    assert "Gloucestershire Constabulary" not in not_inspected


def _draft_for(force: Force) -> Inspection:
    draft = InspectionFactory(
        force=force, status=Inspection.Status.DRAFT, published=None, slug=f"{force.slug}-draft"
    )
    JudgmentFactory(inspection=draft, area=area("partnership"), grade=grade("outstanding"))
    return draft


def test_drafts_are_hidden_from_the_public(client):
    _draft_for(Force.objects.get(short_name="Kent"))
    html = client.get("/").text
    assert 'id="kent-draft"' not in html
    assert "Outstanding" not in html


def test_inspectors_see_drafts(client, inspector):
    _draft_for(Force.objects.get(short_name="Kent"))
    client.force_login(inspector)
    row = _row(client.get("/").text, "kent-draft")
    assert "Draft" in row and "Outstanding" in row and "Not yet published" in row


def test_a_force_leader_sees_their_own_forces_draft_but_not_another_forces(client, force_leader):
    _draft_for(Force.objects.get(short_name="Kent"))
    _draft_for(force_leader.force_membership.force)
    client.force_login(force_leader)
    html = client.get("/").text
    assert 'id="kent-draft"' not in html
    assert "Draft" in _row(html, "gloucestershire-draft")


def test_a_leader_without_a_force_sees_only_published_inspections(client):
    leader = UserFactory(username="no-force")
    leader.groups.add(Group.objects.get(name=roles.FORCE_LEADERS))
    _draft_for(Force.objects.get(short_name="Kent"))
    client.force_login(leader)
    assert 'id="kent-draft"' not in client.get("/").text


def test_synthetic_inspections_are_labelled(client):
    InspectionFactory(
        force=Force.objects.get(short_name="Kent"),
        slug="kent-synthetic",
        is_synthetic=True,
        published=datetime.date(2025, 2, 1),
    )
    assert "Synthetic data" in _row(client.get("/").text, "kent-synthetic")


def test_the_page_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for force in Force.objects.all()[:20]:
        JudgmentFactory(inspection=InspectionFactory(force=force))
    with django_assert_max_num_queries(6):
        assert client.get("/").status_code == 200


def _inspections(force, programme, dates, grade_slug="good"):
    made = []
    for day in dates:
        inspection = InspectionFactory(
            force=force,
            programme=programme,
            published=day,
            slug=f"{force.slug}-{programme.slug}-{day or 'undated'}-{len(made)}",
        )
        JudgmentFactory(
            inspection=inspection, area=programme.areas.first(), grade=grade(grade_slug)
        )
        made.append(inspection)
    return made


def test_a_force_with_three_inspections_gets_one_row_the_latest(client):
    before = client.get("/").text
    force = ForceFactory()
    dates = [datetime.date(2021, 5, 1), datetime.date(2024, 2, 1), datetime.date(2023, 7, 1)]
    older, latest, middle = _inspections(force, ncpi(), dates)
    (peel_inspection,) = _inspections(force, peel(), [datetime.date(2022, 1, 1)])

    html = client.get("/").text
    ncpi_rows = _row_ids(_table(html, "ncpi"))
    assert latest.slug in ncpi_rows
    assert older.slug not in ncpi_rows and middle.slug not in ncpi_rows
    assert sorted(ncpi_rows) == sorted([*_row_ids(_table(before, "ncpi")), latest.slug])
    assert html.count(f'href="/forces/{force.slug}/"') == 2  # one row in each programme
    peel_rows = _row_ids(_table(html, "peel-2023-25"))
    assert sorted(peel_rows) == sorted(
        [*_row_ids(_table(before, "peel-2023-25")), peel_inspection.slug]
    )


def test_each_table_says_it_shows_the_latest_and_where_the_rest_are(client):
    html = client.get("/").text
    for programme in ("ncpi", "peel-2023-25"):
        table = _table(html, programme)
        sentence = table[table.index("</table>") :]
        assert "latest" in sentence and "Earlier inspections are listed on the force" in sentence
    row = _row(html, "gloucestershire-ncpi-2025-05-21")
    assert 'href="/forces/gloucestershire/"' in row


def test_the_force_page_lists_the_earlier_inspections(client):
    force = ForceFactory()
    _inspections(force, ncpi(), [datetime.date(2021, 5, 1), datetime.date(2024, 2, 1)])
    page = client.get(f"/forces/{force.slug}/").text
    assert "May 2021" in page and "February 2024" in page


def test_a_published_inspection_without_a_known_date_counts_as_the_oldest(client):
    force = ForceFactory()
    (dated,) = _inspections(force, ncpi(), [datetime.date(2019, 1, 1)])
    undated = InspectionFactory(
        force=force, programme=ncpi(), published=None, published_precision="not_known"
    )
    rows = _row_ids(_table(client.get("/").text, "ncpi"))
    assert dated.slug in rows and undated.slug not in rows


def test_an_undated_draft_is_the_latest_for_those_who_may_see_it(client, inspector):
    force = ForceFactory()
    (published,) = _inspections(force, ncpi(), [datetime.date(2025, 6, 1)])
    draft = _draft_for(force)
    public = _row_ids(_table(client.get("/").text, "ncpi"))
    assert published.slug in public and draft.slug not in public
    client.force_login(inspector)
    html = client.get("/").text
    rows = _row_ids(_table(html, "ncpi"))
    assert draft.slug in rows and published.slug not in rows
    assert "Draft" in _row(html, draft.slug)


def test_forces_inspected_counts_each_force_once(client):
    force = ForceFactory()
    before = client.get("/").text
    counted = re.search(r"(\d+) of 43 forces have an inspection", before).group(1)
    _inspections(force, ncpi(), [datetime.date(2021, 1, 1), datetime.date(2022, 1, 1)])
    _inspections(force, peel(), [datetime.date(2023, 1, 1)])
    html = client.get("/").text
    assert re.search(r"(\d+) of 43 forces have an inspection", html).group(1) == str(
        int(counted) + 1
    )
    assert force.name not in html[html.index('id="not-inspected"') :]


def _home_queries(client) -> tuple[int, int]:
    cache.clear()
    client.get("/")  # whether this is a demonstration database is then cached
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").text
    return len(queries), len(_row_ids(html))


def test_the_page_costs_the_same_with_one_or_five_inspections_per_force(client, inspector):
    forces = [ForceFactory() for _ in range(3)]
    for force in forces:
        _inspections(force, ncpi(), [datetime.date(2020, 1, 1)])
        _inspections(force, peel(), [datetime.date(2020, 1, 1)])
    client.force_login(inspector)
    few, few_rows = _home_queries(client)
    for force in forces:
        _inspections(force, ncpi(), [datetime.date(2021 + i, 1, 1) for i in range(4)])
        _inspections(force, peel(), [datetime.date(2021 + i, 1, 1) for i in range(4)])
    many, many_rows = _home_queries(client)
    assert Inspection.objects.filter(force__in=forces).count() == 3 * 2 * 5
    assert (many, many_rows) == (few, few_rows)


def test_it_answers_only_get(client):
    assert client.post("/").status_code == 405
