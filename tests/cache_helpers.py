"""What the tests read of the cache itself."""

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache


def cache_entries() -> int:
    """How many entries the cache holds: in the real Redis database when REDIS_URL is set."""
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        return cache._cache.get_client().dbsize()
    return len(cache._cache)
