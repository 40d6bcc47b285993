"""An anonymous visitor's cached page is answered before sessions, CSRF, authentication and
the rest are set up, with the same headers the whole stack gave it, and read from the web
process's memory while the cache still holds the version it was rendered at."""

import pytest
from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache

from dashboards import caching
from dashboards.versioning import store_new_version

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_indicators")]

PAGES = ["/dashboards/", "/forces/gloucestershire/", "/areas/leadership/", "/about-the-data/"]


@pytest.fixture
def sessions_started(monkeypatch) -> list:
    """Each request that reaches the session middleware."""
    started = []
    process_request = SessionMiddleware.process_request

    def counting(self, request):
        started.append(request.path)
        return process_request(self, request)

    monkeypatch.setattr(SessionMiddleware, "process_request", counting)
    return started


@pytest.mark.parametrize("url", PAGES)
def test_a_cached_page_is_answered_early_with_the_headers_of_a_rendered_one(
    client, sessions_started, django_assert_max_num_queries, url
):
    rendered = client.get(url)
    with django_assert_max_num_queries(0):
        cached = client.get(url)

    assert sessions_started == [url]  # the rendering only
    assert cached.status_code == rendered.status_code == 200
    assert cached.content == rendered.content
    assert dict(cached.headers) == dict(rendered.headers)
    assert cached["X-Frame-Options"] == "DENY" and "Cookie" in cached["Vary"]
    assert "default-src 'self'" in cached["Content-Security-Policy"]
    assert not cached.cookies


def test_a_visitor_with_a_session_cookie_goes_the_whole_way(client, sessions_started):
    first = client.get("/dashboards/")
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"

    again = client.get("/dashboards/")

    assert sessions_started == ["/dashboards/", "/dashboards/"]
    assert again.content == first.content  # anonymous after all: the same cached page


def test_signed_in_visitors_never_get_the_anonymous_copy(client, inspector):
    client.get("/dashboards/")
    client.force_login(inspector)
    response = client.get("/dashboards/")
    assert "private" in response["Cache-Control"]
    assert b"Signed in as inspector" in response.content


def test_the_copy_in_memory_serves_only_the_version_the_cache_holds(
    client, django_assert_max_num_queries
):
    client.get("/dashboards/")
    version, content, headers = cache.get(caching._key("/dashboards/?"))
    cache.set(caching._key("/dashboards/?"), (version, b"changed in the cache", headers))

    kept = client.get("/dashboards/")
    assert kept.content == content  # from memory: the cache sent the version alone

    store_new_version()  # a recompute committed
    with django_assert_max_num_queries(15) as after_recompute:
        assert client.get("/dashboards/").content.startswith(b"<!DOCTYPE")
    assert after_recompute.captured_queries

    cache.clear()  # emptied, or Redis restarted: nothing kept before may pass for current
    with django_assert_max_num_queries(15) as after_clear:
        client.get("/dashboards/")
    assert after_clear.captured_queries


def test_the_memory_keeps_a_bounded_number_of_pages():
    recent = caching._Recent(size=3)
    for n in range(10):
        recent.put(f"page:{n}", ("v", b"x", {}))
    assert [recent.get(f"page:{n}") is not None for n in range(10)] == [False] * 7 + [True] * 3
