"""Every page sends the security headers; with HTTPS on, plain HTTP is redirected and the
cookies are secure. (The tests run with HTTPS=0's settings: tests/conftest.py.)"""

import pytest
from django.conf import settings

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["/", "/dashboards/", "/accounts/login/", "/api/docs/", "/admin/login/"]


@pytest.fixture
def https_on(settings):
    """What HTTPS=1, the default without DEBUG, sets."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True


@pytest.mark.parametrize("path", PAGES)
def test_each_page_sends_the_strict_policy_and_the_other_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    for directive, sources in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].items():
        assert f"{directive} {' '.join(sources)}" in policy
    assert "unsafe" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_https_responses_carry_hsts_with_subdomains_and_preload(client):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Strict-Transport-Security" not in client.get("/")  # never over plain HTTP


def test_with_https_on_plain_http_is_redirected_except_the_health_check(client, https_on):
    response = client.get("/dashboards/?programme=ncpi")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/dashboards/?programme=ncpi"
    assert client.get("/healthz").status_code in {200, 503}  # answered, not redirected


def test_with_https_on_the_session_and_csrf_cookies_are_secure(client, https_on):
    UserFactory(username="alice")
    form = client.get("/accounts/login/", secure=True)
    assert form.cookies["csrftoken"]["secure"] is True
    response = client.post(
        "/accounts/login/", {"username": "alice", "password": PASSWORD}, secure=True
    )
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] is True
    assert session["httponly"] is True
