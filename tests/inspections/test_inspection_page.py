"""The inspection page shows the whole structured report to those allowed to see it."""

import pytest

from inspections.models import Inspection
from tests.factories import InspectionFactory, RecommendationFactory

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
