"""Error pages are the site's own, in its layout, and say what went wrong where they can."""

import pytest
from django.template.loader import render_to_string

from tests.factories import InspectionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


def test_a_refusal_names_its_reason(client, force_leader, gloucestershire):
    draft = InspectionFactory(force=gloucestershire.force, status="draft", published=None)
    recommendation = RecommendationFactory(finding__inspection=draft)
    client.force_login(force_leader)
    response = client.get(f"/tracking/recommendations/{recommendation.pk}/progress/")
    assert response.status_code == 403
    assert "You cannot do this" in response.text
    assert "this inspection is not published yet" in response.text
    assert "govuk-template__header" in response.text  # the site's layout, not Django's bare page


def test_an_unknown_address_gets_the_sites_not_found_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.text and "govuk-template__header" in response.text


def test_a_request_that_cannot_be_read_gets_the_sites_bad_request_page(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 2
    response = client.post("/accounts/login/", {"a": 1, "b": 2, "c": 3})
    assert response.status_code == 400
    assert "could not be read" in response.text and "govuk-template__header" in response.text


def test_the_server_error_page_renders_without_a_request():
    html = render_to_string("500.html")  # how Django's handler renders it: no context at all
    assert "Sorry, there is a problem with the service" in html
    assert "govuk-template__header" in html
