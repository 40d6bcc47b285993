"""The indicators' version: part of every dashboard cache key, bumped by each recompute."""

import logging

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)
KEY = "indicators:version"


def current_version() -> str:
    """Read the version from the cache, falling back to the database once."""
    version = cache.get(KEY)
    if version is None:
        from dashboards.selectors import indicator_version

        version = indicator_version()
        cache.set(KEY, version, timeout=None)
    return version


def bump_version() -> None:
    """Give cached pages a new key once the current transaction has committed."""
    transaction.on_commit(store_new_version)


def store_new_version() -> None:
    try:
        cache.set(KEY, timezone.now().isoformat(), timeout=None)
    except Exception as error:  # an unreachable cache must not fail the write that changed data
        logger.warning("Could not store the new indicator version: %s", error)
