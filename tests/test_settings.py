"""Settings come from the environment, as the README says, and fail loudly when wrong."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list

PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "debug": settings.DEBUG, "engine": db["ENGINE"], "name": str(db["NAME"]),
    "conn_max_age": db["CONN_MAX_AGE"], "health_checks": db["CONN_HEALTH_CHECKS"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "eager": getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False),
    "broker": settings.CELERY_BROKER_URL, "hosts": settings.ALLOWED_HOSTS,
}))
"""


def _settings_with(**env) -> dict:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}
    }
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        capture_output=True,
        text=True,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        cwd=settings.BASE_DIR,
    )
    if result.returncode:
        raise AssertionError(result.stderr)
    return json.loads(result.stdout)


def test_the_embedded_default_is_sqlite_with_eager_tasks_and_a_memory_cache():
    found = _settings_with(SECRET_KEY="x")
    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["name"].endswith("db.sqlite3")
    assert found["eager"] is True
    assert found["cache"].endswith("LocMemCache")
    assert found["debug"] is False


def test_database_and_redis_urls_choose_postgresql_and_redis_with_persistent_connections():
    found = _settings_with(
        SECRET_KEY="x",
        DATABASE_URL="postgres://u@127.0.0.1:5432/db",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert found["engine"] == "django.db.backends.postgresql"
    assert found["conn_max_age"] > 0 and found["health_checks"] is True
    assert found["cache"].endswith("RedisCache")
    assert found["broker"] == "redis://127.0.0.1:6379/3"
    assert found["eager"] is False


def test_debug_allows_a_development_key_and_local_hosts():
    found = _settings_with(DEBUG="1")
    assert found["debug"] is True
    assert "127.0.0.1" in found["hosts"]


def test_allowed_hosts_come_from_the_environment():
    assert _settings_with(SECRET_KEY="x", ALLOWED_HOSTS="a.example, b.example")["hosts"] == [
        "a.example",
        "b.example",
    ]


def test_without_debug_a_secret_key_is_required():
    with pytest.raises(AssertionError, match="Set SECRET_KEY"):
        _settings_with()


def test_a_debug_value_that_is_not_a_boolean_is_refused():
    with pytest.raises(AssertionError, match="DEBUG='maybe' is not a boolean"):
        _settings_with(DEBUG="maybe")


def test_env_helpers(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    monkeypatch.setenv("NUMBER", "seven")
    monkeypatch.setenv("HOSTS", "a,,b ")
    assert env_bool("FLAG", default=False) is True
    assert env_bool("UNSET_FLAG", default=True) is True
    assert env_list("HOSTS", default=[]) == ["a", "b"]
    with pytest.raises(ImproperlyConfigured, match="NUMBER='seven' is not a whole number"):
        env_int("NUMBER", default=1)
