"""The home page lists forces with the inspections each visitor may see, and their grades."""

import datetime

import pytest
from django.contrib.auth.models import Group

from inspections import roles
from inspections.models import ForceMembership, Force, Inspection
from tests.factories import InspectionFactory, JudgmentFactory, UserFactory, area, grade

pytestmark = pytest.mark.django_db


def _section(html: str, force_name: str) -> str:
    start = html.index(f">{force_name}</h2>")
    end = html.find("</section>", start)
    return html[start:end]


def test_it_shows_gloucestershires_five_grades(client, gloucestershire):
    response = client.get("/")
    assert response.status_code == 200
    section = _section(response.text, "Gloucestershire Constabulary")
    assert "published 21 May 2025" in section
    rows = [(j.area.name, j.grade.name) for j in gloucestershire.judgments.select_related("area", "grade")]
    assert len(rows) == 5
    for area_name, grade_name in rows:
        assert area_name in section
    assert section.count(">Inadequate</strong>") == 3
    assert section.count(">Adequate</strong>") == 1
    assert section.count(">Requires improvement</strong>") == 1


def test_areas_without_a_known_grade_say_so(client):
    section = _section(client.get("/").text, "Northamptonshire Police")
    assert section.count("Not known") == 2
    assert "published 22 August 2025" in section


def test_a_date_known_only_to_the_month_is_shown_so(client):
    section = _section(client.get("/").text, "Cleveland Police")
    assert "published January 2025" in section


def test_forces_without_inspections_are_listed_apart(client):
    html = client.get("/").text
    not_inspected = html[html.index('id="not-inspected"'):]
    assert "Kent Police" in not_inspected
    assert "Gloucestershire Constabulary" not in not_inspected


def _draft_for(force: Force) -> Inspection:
    draft = InspectionFactory(force=force, status=Inspection.Status.DRAFT, published=None,
                              slug=f"{force.slug}-draft")
    JudgmentFactory(inspection=draft, area=area("partnership"), grade=grade("outstanding"))
    return draft


def test_drafts_are_hidden_from_the_public(client):
    _draft_for(Force.objects.get(short_name="Kent"))
    assert "Outstanding" not in client.get("/").text


def test_inspectors_see_drafts(client, inspector):
    _draft_for(Force.objects.get(short_name="Kent"))
    client.force_login(inspector)
    section = _section(client.get("/").text, "Kent Police")
    assert "Draft" in section and "Outstanding" in section


def test_a_force_leader_sees_their_own_forces_draft_but_not_another_forces(client, force_leader):
    _draft_for(Force.objects.get(short_name="Kent"))
    own = _draft_for(force_leader.force_membership.force)
    JudgmentFactory(inspection=own, area=area("leadership"), grade=grade("good"))
    client.force_login(force_leader)
    html = client.get("/").text
    assert "Kent Police</h2>" not in html
    assert "Draft" in _section(html, "Gloucestershire Constabulary")


def test_a_leader_without_a_force_sees_only_published_inspections(client):
    leader = UserFactory(username="no-force")
    leader.groups.add(Group.objects.get(name=roles.FORCE_LEADERS))
    _draft_for(Force.objects.get(short_name="Kent"))
    client.force_login(leader)
    assert "Kent Police</h2>" not in client.get("/").text


def test_synthetic_inspections_are_labelled(client):
    InspectionFactory(force=Force.objects.get(short_name="Kent"), is_synthetic=True,
                      published=datetime.date(2025, 2, 1))
    assert "Synthetic data" in _section(client.get("/").text, "Kent Police")


def test_the_page_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for force in Force.objects.all()[:20]:
        inspection = InspectionFactory(force=force)
        JudgmentFactory(inspection=inspection)
    with django_assert_max_num_queries(5):
        client.get("/")


def test_it_answers_only_get(client):
    assert client.post("/").status_code == 405
