"""Helpers for tests that run real Celery workers against a real broker."""

import time
from contextlib import contextmanager

import kombu.pools
from django.db import OperationalError

from config import celery_app


@contextmanager
def celery_configured(**options):
    """Change the app's configuration for the test only, with fresh broker connections."""
    saved = {key: celery_app.conf[key] for key in options}
    celery_app.conf.update(options)
    reset_connections()
    try:
        yield celery_app
    finally:
        celery_app.conf.update(saved)
        reset_connections()


def reset_connections() -> None:
    """Close and forget the pools and result backend built for the configuration before."""
    # Kombu keeps the pools in registries keyed by URL: closing only the app's pool would
    # leave a closed pool there for the next test with the same URL.
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app._backend_cache = None
    celery_app._local.__dict__.pop("backend", None)


def eventually(check, timeout: float = 20.0, interval: float = 0.1) -> bool:
    """Whether check() becomes true within the timeout (a worker works beside the test)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except OperationalError:  # SQLite's shared in-memory database locks whole tables
            pass
        time.sleep(interval)
    return check()
