"""Counting uses against a limit in the cache: the API's throttle and the alert sign-ups."""

import logging

from django.core.cache import cache as default_cache

logger = logging.getLogger(__name__)


def count_within(key: str, limit: int, *, seconds: int, what: str, cache=None) -> bool:
    """Count one more use under `key`; False once past `limit` before the key expires.

    Whichever use comes first starts the count, which expires `seconds` later; each use adds
    one with the cache's atomic incr (Redis INCR), so parallel uses never count as one. An
    unreachable cache lets the use through: the limits guard against abuse, and a cache outage
    costs that protection for a while, never the service; it is logged as "<what>
    unavailable".
    """
    cache = cache or default_cache
    try:
        cache.add(key, 0, seconds)
        return cache.incr(key) <= limit
    except Exception as error:  # the cache backend's own connection errors vary
        logger.warning("%s unavailable: %s", what, error)
        return True
