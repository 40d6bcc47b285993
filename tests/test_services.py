"""The configured cache and broker answer: Redis when REDIS_URL is set, in-process otherwise."""

import uuid

import pytest
import redis
from django.conf import settings
from django.core.cache import cache

from config import celery_app
from dashboards.tasks import recompute_force
from tests.celery_helpers import celery_configured


def test_the_cache_stores_and_returns_a_value():
    cache.set("services-check", {"grade": "good"}, timeout=30)
    assert cache.get("services-check") == {"grade": "good"}
    cache.delete("services-check")
    assert cache.get("services-check") is None


def test_the_broker_accepts_connections():
    """Redis when REDIS_URL is set; Kombu's in-memory transport otherwise."""
    assert celery_app.conf.broker_url == (settings.REDIS_URL or "memory://")
    with celery_app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1)
        assert connection.connected


def test_without_redis_tasks_run_inline():
    if settings.REDIS_URL:
        assert not celery_app.conf.task_always_eager
    else:
        assert celery_app.conf.task_always_eager


@pytest.mark.skipif(not settings.REDIS_URL, reason="needs Redis: set REDIS_URL")
def test_clearing_the_cache_leaves_queued_tasks_in_place():
    queue = f"test-queue-{uuid.uuid4().hex}"  # a queue no worker listens to
    broker = redis.Redis.from_url(settings.REDIS_URL)
    try:
        with celery_configured(task_always_eager=False):
            recompute_force.apply_async((1,), queue=queue)
        assert broker.llen(queue) == 1
        cache.set("page:services-check", "a page", timeout=30)

        cache.clear()  # as the tests do before each one, or an admin might

        assert cache.get("page:services-check") is None
        assert broker.llen(queue) == 1  # the task is still waiting for a worker
    finally:
        broker.delete(queue, *broker.keys(f"_kombu.binding*.{queue}"))
