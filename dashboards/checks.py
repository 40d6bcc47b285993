"""Deployment checks: the cache that keeps pages and API lists must be shared."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Kept pages are retired by a version in the cache: every process must read the same one."""
    backend = settings.CACHES["default"]["BACKEND"]
    if not backend.endswith("LocMemCache"):
        return []
    return [
        checks.Warning(
            "The cache is each process's own memory: with more than one web or worker process, "
            "a dashboard page or API list kept by one process is still served after another "
            "has changed the data.",
            hint="Set REDIS_URL (or CACHE_URL) to a Redis that every process shares, as "
            "docker-compose.yml does.",
            id="dashboards.W001",
        )
    ]
