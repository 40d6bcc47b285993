"""The indicators' version: part of every dashboard cache key, bumped by each recompute."""

import logging
import secrets

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)
KEY = "indicators:version"


def current_version() -> str:
    """Read the version from the cache, falling back to the database once.

    A version made after the cache lost its own (emptied, evicted, restarted) ends in a new
    random part, so that no copy kept from before, in the cache or in a web process's memory
    (caching.py), can pass for current. The first process to store one wins; the rest read it.
    """
    version = cache.get(KEY)
    if version is None:
        from dashboards.selectors import indicator_version

        version = f"{indicator_version()}~{secrets.token_hex(4)}"
        if not cache.add(KEY, version, timeout=None):
            version = cache.get(KEY) or version
    return version


def bump_version() -> None:
    """Give cached pages a new key once the current transaction has committed."""
    transaction.on_commit(store_new_version)


def store_new_version() -> None:
    try:
        cache.set(KEY, timezone.now().isoformat(), timeout=None)
    except Exception as error:  # an unreachable cache must not fail the write that changed data
        logger.warning("Could not store the new indicator version: %s", error)
