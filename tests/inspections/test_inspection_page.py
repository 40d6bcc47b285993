"""The inspection page shows the whole structured report to those allowed to see it."""

import pytest
from django.contrib.auth.models import Group

from inspections import roles
from inspections.models import ForceMembership, Inspection
from tests.factories import ForceFactory, InspectionFactory, RecommendationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_it_shows_the_whole_gloucestershire_report(client, gloucestershire):
    response = client.get(gloucestershire.get_absolute_url())
    html = response.text
    assert response.status_code == 200
    assert html.count("Cause of concern</strong>") == 3
    assert html.count("Area for improvement</strong>") == 3
    assert html.count("Case study:") == 5
    assert "make sure chief officers address current capacity challenges" in html.replace(
        "Make sure", "make sure"
    )
    assert "25 of 48" in html
    assert "Michelle Skeer" in html
    assert html.count('class="govuk-details__summary"') == 26  # the main findings


def test_it_costs_a_fixed_number_of_queries(client, gloucestershire, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        client.get(gloucestershire.get_absolute_url())


def test_a_draft_is_hidden_from_the_public_but_not_from_inspectors(client, inspector):
    draft = InspectionFactory(status=Inspection.Status.DRAFT, published=None)
    RecommendationFactory(inspection=draft, finding__inspection=draft)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(inspector)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Not yet published" in response.text


def test_text_from_reports_is_escaped(client, gloucestershire):
    finding = gloucestershire.findings.first()
    finding.title = '<script>alert("x")</script>'
    finding.save()
    html = client.get(gloucestershire.get_absolute_url()).text
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_a_link_by_id_moves_permanently_to_the_slug_address(client, gloucestershire):
    response = client.get(f"/inspections/{gloucestershire.pk}/")
    assert response.status_code == 301
    assert response["Location"] == "/inspections/gloucestershire-ncpi-2025-05-21/"
    assert client.get(response["Location"]).status_code == 200


def test_a_draft_by_id_is_not_found_by_those_who_may_not_see_it(client, inspector):
    draft = InspectionFactory(
        status=Inspection.Status.DRAFT, published=None, slug="kent-ncpi-draft-2026"
    )
    other_leader = UserFactory(username="other-leader")
    other_leader.groups.add(Group.objects.get(name=roles.FORCE_LEADERS))
    ForceMembership.objects.create(user=other_leader, force=ForceFactory())
    for user in (None, other_leader):
        if user:
            client.force_login(user)
        response = client.get(f"/inspections/{draft.pk}/")
        assert response.status_code == 404
        assert "kent-ncpi-draft-2026" not in response.text
    client.force_login(inspector)
    response = client.get(f"/inspections/{draft.pk}/")
    assert response.status_code == 301
    assert response["Location"] == "/inspections/kent-ncpi-draft-2026/"


def test_the_leader_of_the_inspected_force_follows_a_link_to_its_draft(client):
    draft = InspectionFactory(status=Inspection.Status.DRAFT, published=None)
    leader = UserFactory(username="draft-leader")
    leader.groups.add(Group.objects.get(name=roles.FORCE_LEADERS))
    ForceMembership.objects.create(user=leader, force=draft.force)
    client.force_login(leader)
    assert client.get(f"/inspections/{draft.pk}/")["Location"] == draft.get_absolute_url()


def test_an_unknown_id_is_not_found(client):
    assert client.get("/inspections/987654321/").status_code == 404
    assert client.get("/inspections/999999999999999999/").status_code == 404  # 18 digits
    assert client.get("/inspections/99999999999999999999999/").status_code == 404


def test_a_slug_that_is_all_digits_still_reaches_its_own_inspection(client, gloucestershire):
    numbered = InspectionFactory(slug=str(gloucestershire.pk))
    response = client.get(f"/inspections/{gloucestershire.pk}/")
    assert response.status_code == 200
    assert numbered.force.name in response.text
    assert client.get(f"/inspections/0{gloucestershire.pk}/").status_code == 404
