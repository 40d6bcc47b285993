"""Every answer to a signed-in user says `Cache-Control: private, no-store`; public ones don't."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/dashboards/",
    "/forces/gloucestershire/",
    "/compare/?forces=gloucestershire,kent",
    "/forces/gloucestershire/?download=ncpi-grades",
    "/inspections/gloucestershire-ncpi-2025-05-21/",
    "/no-such-page/",
]
TRACKING_PAGES = ["/tracking/", "/tracking/forces/gloucestershire/", "/accounts/"]


def _private(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


@pytest.mark.parametrize("role", ["inspector", "force_leader", "admin_user"])
def test_every_page_answered_to_a_signed_in_user_is_private(client, role, request):
    client.force_login(request.getfixturevalue(role))
    for url in [*PUBLIC_PAGES, *TRACKING_PAGES]:
        response = client.get(url)
        assert _private(response), (url, response.status_code, response.get("Cache-Control"))
    assert "public" not in client.get("/dashboards/")["Cache-Control"]


def test_the_api_answers_a_signed_in_caller_privately(inspector):
    api = APIClient()
    assert not _private(api.get("/api/forces/"))
    api.force_authenticate(inspector)
    assert _private(api.get("/api/forces/"))


def test_public_pages_answered_to_the_public_are_not_marked_private(client, gloucestershire):
    for url in PUBLIC_PAGES:
        response = client.get(url)
        assert not _private(response), url
        assert response.get("Cache-Control") is None, url
    client.get("/dashboards/")  # the second answer, from the shared page cache
    assert client.get("/dashboards/").get("Cache-Control") is None
