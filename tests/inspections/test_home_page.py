"""The home page lists the inspections each visitor may see, with every area's grade."""

import datetime

import pytest
from django.contrib.auth.models import Group

from inspections import roles
from inspections.models import Force, Inspection
from tests.factories import InspectionFactory, JudgmentFactory, UserFactory, area, grade

pytestmark = pytest.mark.django_db


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


def test_it_answers_only_get(client):
    assert client.post("/").status_code == 405
