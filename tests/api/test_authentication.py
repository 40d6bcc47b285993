"""Session and token sign-in, the anonymous rate limit, and errors from services as 400s."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from accounts.services import issue_api_token
from config.api import AnonymousRateThrottle, exception_handler
from tests.api.builders import every_result

pytestmark = pytest.mark.django_db


def _drafts_seen(client, world) -> set[str]:
    slugs = {row["slug"] for row in every_result(client, "/api/inspections/?status=draft")}
    return slugs & {rows.inspection.slug for rows in world.drafts}


def test_a_token_signs_the_caller_in(api, world, inspector):
    _, secret = issue_api_token(user=inspector)
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert len(_drafts_seen(api, world)) == 2


def test_a_token_lets_a_force_leader_write_without_a_csrf_token(api, world, leader_a):
    _, secret = issue_api_token(user=leader_a)
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    response = api.post(
        f"/api/recommendations/{world.published_a.recommendation.pk}/progress/",
        {"force_status": "in_progress", "narrative": "Started."},
        format="json",
    )
    assert response.status_code == 201, response.content


def test_a_bad_token_is_a_401(api, world):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = api.get("/api/inspections/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_session_signs_the_caller_in(world, inspector):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(inspector)
    assert len(_drafts_seen(client, world)) == 2
    # A session write needs the CSRF token, as the HTML forms do.
    response = client.post(
        f"/api/recommendations/{world.published_b.recommendation.pk}/verification/",
        {"verification_status": "met", "comment": "Seen."},
        format="json",
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_anonymous_callers_are_throttled_and_signed_in_ones_are_not(
    api, world, inspector, monkeypatch
):
    monkeypatch.setattr(AnonymousRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    statuses = [api.get("/api/forces/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert "Retry-After" in api.get("/api/forces/")
    api.force_authenticate(inspector)
    assert {api.get("/api/forces/").status_code for _ in range(4)} == {200}


def test_an_unreachable_throttle_cache_lets_requests_through(api, world, monkeypatch):
    class Down:
        def get(self, *args, **kwargs):
            raise ConnectionError("cache down")

        set = add = incr = get

    monkeypatch.setattr(AnonymousRateThrottle, "cache", Down())
    assert api.get("/api/forces/").status_code == 200


def test_a_services_validation_error_becomes_a_400_by_field():
    error = ValidationError({"narrative": "Say what was done.", "__all__": "Not published."})
    response = exception_handler(error, {})
    assert response.status_code == 400
    assert response.data == {
        "narrative": ["Say what was done."],
        "non_field_errors": ["Not published."],
    }
    response = exception_handler(ValidationError(["One.", "Two."]), {})
    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["One.", "Two."]}
