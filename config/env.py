"""Read settings from the environment, failing loudly on values we don't understand."""

import os
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, *, default: bool) -> bool:
    """Return a boolean variable; anything but the usual spellings is an error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use 1/0, true/false, yes/no.")


def env_list(name: str, *, default: list[str]) -> list[str]:
    """Return a comma-separated variable as a list, without blanks."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, *, default: int) -> int:
    """Return an integer variable."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_choice(name: str, *, choices: tuple[str, ...], default: str) -> str:
    """Return a variable that must be one of a few words (compared in lower case)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={raw!r} is not one of: {', '.join(choices)}.")
    return value


def env_cache_url(name: str, *, broker_url: str) -> str:
    """Return the cache's Redis URL: by default the broker's next database, never the broker's
    own, so that clearing the cache (FLUSHDB) cannot delete queued tasks."""
    url = os.environ.get(name, "").strip()
    if not url:
        return _next_database(broker_url) if broker_url else ""
    if broker_url and _database(url) == _database(broker_url):
        raise ImproperlyConfigured(
            f"{name}={url!r} is the broker's database (REDIS_URL): give the cache its own."
        )
    return url


def _next_database(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{_database(url)[2] + 1}"))


def _database(url: str) -> tuple[str, int, int]:
    """(host, port, database number) of a redis:// or rediss:// URL."""
    parts = urlsplit(url)
    number = parts.path.strip("/") or "0"
    if parts.scheme not in ("redis", "rediss") or not number.isdigit():
        raise ImproperlyConfigured(
            f"Cannot tell which Redis database {url!r} names: use redis://host:port/number."
        )
    return (parts.hostname or "", parts.port or 6379, int(number))
