"""The indicators' version: part of every dashboard cache key, bumped by each recompute."""

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

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
    transaction.on_commit(lambda: cache.set(KEY, timezone.now().isoformat(), timeout=None))
