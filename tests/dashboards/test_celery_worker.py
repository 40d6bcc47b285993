"""Indicators kept fresh by a real Celery worker on the real Redis broker, and by the stale flag
when the broker cannot be reached. No mocks: these tests commit, so the database is emptied
after each one and the reference data loaded again."""

import datetime
import logging
import os
import threading
from urllib.parse import urlsplit, urlunsplit

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection, connections
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from config import celery_app
from dashboards import services, tasks
from dashboards.models import ForceIndicatorState, GradeIndicator, StatisticIndicator
from findings.models import CaseFileStatistic
from inspections import roles
from inspections.models import Inspection
from recommendations import services as tracking
from recommendations.models import ProgressUpdate
from tests.celery_helpers import celery_configured, eventually
from tests.factories import UserFactory, ncpi

pytestmark = pytest.mark.django_db(transaction=True)

UNREACHABLE = "redis://127.0.0.1:1/0"
FINAL = ("SUCCESS", "FAILURE")


def _test_redis_url() -> str:
    """The broker's Redis, but a database neither the broker nor the cache uses (14 unless
    one of them does), so these tests have a queue of their own."""
    parts = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    taken = {_database(parts.path), _database(urlsplit(settings.CACHE_URL or "").path)}
    free = next(number for number in (14, 15, 13, 12) if number not in taken)
    return urlunsplit(parts._replace(path=f"/{free}"))


def _database(path: str) -> int:
    return int(path.strip("/") or 0)


@pytest.fixture
def gloucestershire(reference_data) -> Inspection:
    """The real inspection, loaded after the database was emptied (tasks inline meanwhile)."""
    return Inspection.objects.select_related("force").get(slug="gloucestershire-ncpi-2025-05-21")


@pytest.fixture(autouse=True)
def tasks_run_inline(monkeypatch):
    """Reloading the reference data recomputes inline; each test then picks its broker."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", True)


@pytest.fixture
def worker(gloucestershire):
    url = _test_redis_url()
    options = {"broker_url": url, "result_backend": url, "task_always_eager": False}
    root = logging.getLogger()
    level, handlers = root.level, root.handlers[:]  # the worker sets up logging its own way
    with celery_configured(**options, worker_hijack_root_logger=False) as app:
        app.control.purge()
        with start_worker(
            app, pool="threads", concurrency=2, perform_ping_check=False, shutdown_timeout=30
        ) as running:
            yield running
    root.setLevel(level)
    root.handlers[:] = handlers


def _force_row(inspection) -> GradeIndicator | None:
    return GradeIndicator.objects.filter(
        programme=ncpi(), force=inspection.force_id, area__isnull=True
    ).first()


def _assert_one_row_per_scope(force):
    published = Inspection.objects.published().filter(force=force)
    programmes = {i.programme for i in published.select_related("programme")}
    rows = GradeIndicator.objects.filter(force=force)
    assert rows.count() == sum(1 + p.areas.count() for p in programmes)
    for scope in (rows, GradeIndicator.objects.filter(force__isnull=True)):
        repeated = scope.values("programme", "area").annotate(n=Count("id")).filter(n__gt=1)
        assert list(repeated) == []
    statistics = CaseFileStatistic.objects.filter(inspection__in=published)
    assert StatisticIndicator.objects.filter(force=force).count() == statistics.count()


def test_a_met_verdict_reaches_the_indicators_through_the_worker(gloucestershire, worker):
    recommendation = gloucestershire.recommendations.first()
    services.recompute_force_indicators(force=gloucestershire.force)
    before = _force_row(gloucestershire)
    assert before.median_days_to_met is None

    _verify(recommendation)

    days = (timezone.localdate() - gloucestershire.published).days  # met today
    assert eventually(lambda: _force_row(gloucestershire).median_days_to_met == days)
    after = _force_row(gloucestershire)
    assert after.recommendations_met == before.recommendations_met + 1
    assert after.computed_at > before.computed_at


def test_two_recomputes_of_one_force_sent_at_once_leave_one_row_per_scope(gloucestershire, worker):
    outcomes = {}  # task id → the state after each run; a retry runs again

    def record(task_id=None, state=None, **kwargs):
        outcomes.setdefault(task_id, []).append(state)

    task_postrun.connect(record, weak=False)
    try:
        sent = [tasks.recompute_force.delay(gloucestershire.force_id).id for _ in range(2)]
        assert eventually(lambda: all(outcomes.get(i, [""])[-1] in FINAL for i in sent), 60)
    finally:
        task_postrun.disconnect(record)
    assert [outcomes[i][-1] for i in sent] == ["SUCCESS", "SUCCESS"]
    _assert_one_row_per_scope(gloucestershire.force)


def _verify(recommendation) -> ProgressUpdate:
    """An inspector marks the recommendation met, through the service as the pages do."""
    inspector = UserFactory(username="worker-test-inspector")
    inspector.groups.add(Group.objects.get(name=roles.INSPECTORS))
    return tracking.verify_recommendation(
        recommendation=recommendation, by=inspector, verification_status="met", comment="Seen."
    )


def _seen_from_another_connection(model, pk) -> bool:
    seen = []

    def look():
        try:
            seen.append(model.objects.filter(pk=pk).exists())
        finally:
            connections.close_all()

    thread = threading.Thread(target=look)
    thread.start()
    thread.join()
    return seen == [True]


@pytest.mark.parametrize(
    "all_of_redis", [False, True], ids=["broker down", "REDIS_URL down: broker, results, cache"]
)
def test_with_the_broker_unreachable_a_save_succeeds_and_marks_the_force_stale(
    gloucestershire, all_of_redis, caplog
):
    caplog.set_level(logging.WARNING, logger="dashboards.scheduling")
    recommendation = gloucestershire.recommendations.first()
    options = {"broker_url": UNREACHABLE, "result_backend": None, "task_always_eager": False}
    caches = settings.CACHES
    if all_of_redis:  # config/settings.py makes REDIS_URL the result backend and cache too
        options["result_backend"] = UNREACHABLE
        caches = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
        caches["default"]["LOCATION"] = UNREACHABLE
    with celery_configured(**options), override_settings(CACHES=caches):
        update = _verify(recommendation)

    assert _seen_from_another_connection(ProgressUpdate, update.pk)  # committed
    warnings = [r for r in caplog.records if r.name == "dashboards.scheduling"]
    assert [r.levelname for r in warnings] == ["WARNING"]
    assert f"recompute of force {gloucestershire.force_id}" in warnings[0].getMessage()
    state = ForceIndicatorState.objects.get(force=gloucestershire.force)
    assert state.stale
    assert state.stale_since is not None

    tasks.check_overdue.apply().get()
    state.refresh_from_db()
    assert (state.stale, state.stale_since) == (False, None)
    assert state.computed_at is not None


def test_two_threads_recomputing_one_force_at_once_leave_one_row_per_scope(gloucestershire):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has no row locks and one writer at a time; CI runs PostgreSQL")
    # Neither thread finds the force's state row: both try to create it.
    ForceIndicatorState.objects.filter(force=gloucestershire.force).delete()
    barrier, errors = threading.Barrier(2), []

    def recompute():
        try:
            barrier.wait(timeout=10)
            services.recompute_force_indicators(
                force=gloucestershire.force, today=datetime.date(2025, 10, 1)
            )
        except Exception as error:  # reported below, from the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=recompute) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    _assert_one_row_per_scope(gloucestershire.force)
    assert ForceIndicatorState.objects.filter(force=gloucestershire.force).count() == 1
