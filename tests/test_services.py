"""The configured cache and broker answer: Redis when REDIS_URL is set, in-process otherwise."""

from django.conf import settings
from django.core.cache import cache

from config import celery_app


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
