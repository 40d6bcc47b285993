"""With Redis stopped, pages, the API and saves carry on; the indicators catch up once it returns.

The app uses a private redis-server as its Celery broker (database 0) and cache (database 1),
as REDIS_URL makes it in production. The test stops that server (a real outage: refused
connections, pooled sockets gone) and starts it again empty, as a crash without persistence
leaves it.
"""

import logging
from contextlib import contextmanager

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection
from django.test import Client
from django.urls import reverse

from config import celery_app
from dashboards import tasks
from dashboards.models import ForceIndicatorState, GradeIndicator
from inspections.models import Inspection
from recommendations.models import ProgressUpdate
from tests.celery_helpers import eventually
from tests.factories import ncpi
from tests.faults.servers import celery_using, redis_cache

pytestmark = pytest.mark.faults

SLUG = "gloucestershire-ncpi-2025-05-21"
PAGES = [
    "/dashboards/",
    "/forces/gloucestershire/",
    f"/inspections/{SLUG}/",
    "/api/inspections/?force=gloucestershire",
    "/api/recommendations/?force=gloucestershire",
    "/api/indicators/grades/?force=gloucestershire",
]
OUT_OF_DATE = "Some figures are out of date"


@pytest.fixture
def gloucestershire(reference_data) -> Inspection:
    """The real inspection, loaded again after a transactional test emptied the database."""
    return Inspection.objects.select_related("force").get(slug=SLUG)


@pytest.fixture
def redis_app(private_redis, settings):
    """The app with the private Redis as its cache and broker, as REDIS_URL would set them."""
    settings.CACHES = redis_cache(private_redis.url(1))
    with celery_using(private_redis.url(0)):
        yield private_redis


@pytest.mark.django_db
def test_pages_and_the_api_answer_from_the_database_while_redis_is_down(
    gloucestershire, redis_app, caplog, settings
):
    client = Client()
    for url in PAGES:
        assert client.get(url).status_code == 200, url
    cached = redis_app.client(1).keys("*page:*")
    assert len(cached) >= 2  # the dashboards really were served from this Redis

    redis_app.stop()
    caplog.set_level(logging.WARNING)
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        if url.startswith("/api/"):
            assert response.json()["count"] > 0, url
        else:
            assert "Gloucestershire" in response.content.decode(), url
    messages = {record.getMessage().split(":")[0] for record in caplog.records}
    assert {"Dashboard cache unavailable", "API throttle cache unavailable"} <= messages

    assert client.get("/healthz").json() == {"status": "failing"}  # the public: no detail
    settings.HEALTHZ_TOKEN = "monitor"
    # The outage is reported where operators look.
    health = client.get("/healthz", headers={"Authorization": "Bearer monitor"})
    assert health.status_code == 503
    assert health.json()["checks"]["database"] == "ok"
    assert health.json()["checks"]["cache"].startswith("failed")
    assert health.json()["checks"]["broker"].startswith("failed")


@pytest.mark.django_db(transaction=True)
def test_a_verdict_saved_while_redis_is_down_marks_the_force_stale_until_the_catch_up(
    gloucestershire, redis_app, inspector, caplog
):
    force = gloucestershire.force
    recommendation = gloucestershire.recommendations.exclude(verification_status="met").first()
    met_before = _force_row(force).recommendations_met
    computed_before = ForceIndicatorState.objects.get(force=force).computed_at
    signed_in = Client()
    signed_in.force_login(inspector)

    redis_app.stop()
    caplog.set_level(logging.WARNING, logger="dashboards.scheduling")
    response = signed_in.post(
        reverse("recommendations:review", args=[recommendation.pk]),
        {
            "version": recommendation.version,
            "verification_status": "met",
            "comment": "Seen in place on the revisit.",
        },
    )

    assert response.status_code == 302
    assert ProgressUpdate.objects.filter(recommendation=recommendation, verification_status="met")
    state = ForceIndicatorState.objects.get(force=force)
    assert state.stale and state.stale_since is not None
    assert f"recompute of force {force.pk}" in caplog.text
    assert _force_row(force).recommendations_met == met_before  # not counted yet
    page = Client().get(f"/forces/{force.slug}/").content.decode()
    assert OUT_OF_DATE in page and force.name in page

    redis_app.start()  # empty: whatever was queued before the outage is gone
    with _worker(redis_app):
        tasks.check_overdue.delay()
        assert eventually(
            lambda: not ForceIndicatorState.objects.get(force=force).stale, timeout=60
        )

    state = ForceIndicatorState.objects.get(force=force)
    assert state.stale_since is None and state.computed_at > computed_before
    assert _force_row(force).recommendations_met == met_before + 1
    assert OUT_OF_DATE not in Client().get(f"/forces/{force.slug}/").content.decode()


def _force_row(force) -> GradeIndicator:
    return GradeIndicator.objects.get(programme=ncpi(), force=force, area__isnull=True)


@contextmanager
def _worker(redis_app):
    """A real worker in threads of this process, so that it shares the test database.

    Left only once its last task has ended: start_worker stops the worker cold, and a thread
    pool's cold stop abandons the running task (check_overdue goes on to rebuild other forces)
    to go on beside the test, where the flush that empties the database afterwards deadlocks
    with its transactions.
    """
    root = logging.getLogger()
    level, handlers = root.level, root.handlers[:]
    hijack = celery_app.conf.worker_hijack_root_logger
    celery_app.conf.worker_hijack_root_logger = False
    worker = None
    try:
        with start_worker(
            celery_app,
            pool="threads",
            concurrency=1,
            perform_ping_check=False,
            shutdown_timeout=30,
        ) as worker:
            yield worker
    finally:
        if worker is not None:
            worker.pool.stop()  # the consumer has stopped: wait for the task in hand
        celery_app.conf.worker_hijack_root_logger = hijack
        root.setLevel(level)
        root.handlers[:] = handlers
    assert _other_sessions_at_work() == 0


def _other_sessions_at_work() -> int:
    """Sessions on the test database, other than the test's own, in a query or transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND state <> 'idle'"
        )
        return cursor.fetchone()[0]
