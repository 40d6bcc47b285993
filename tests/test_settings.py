"""Settings come from the environment, as the README says, and fail loudly when wrong."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_choice, env_int, env_list

PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "debug": settings.DEBUG, "engine": db["ENGINE"], "name": str(db["NAME"]),
    "conn_max_age": db["CONN_MAX_AGE"], "health_checks": db["CONN_HEALTH_CHECKS"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_url": settings.CACHES["default"].get("LOCATION", ""),
    "eager": getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False),
    "broker": settings.CELERY_BROKER_URL, "hosts": settings.ALLOWED_HOSTS,
    "anon_rate": settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"],
    "token_days": settings.API_TOKEN_TTL_DAYS,
    "knox_token_days": settings.REST_KNOX["TOKEN_TTL"].days,
}))
"""


def _settings_with(**env) -> dict:
    base = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"DATABASE_URL", "REDIS_URL", "CACHE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}
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
    assert found["engine"] == "config.postgresql"  # Django's, waiting out a restart
    assert found["conn_max_age"] > 0 and found["health_checks"] is True
    assert found["cache"].endswith("RedisCache")
    assert found["broker"] == "redis://127.0.0.1:6379/3"
    assert found["cache_url"] == "redis://127.0.0.1:6379/4"  # the queue's next database
    assert found["eager"] is False


def test_cache_url_gives_the_cache_a_redis_of_its_own():
    found = _settings_with(
        SECRET_KEY="x", REDIS_URL="redis://broker:6379", CACHE_URL="redis://cache:6379/0"
    )
    assert found["broker"] == "redis://broker:6379"
    assert found["cache_url"] == "redis://cache:6379/0"
    assert _settings_with(SECRET_KEY="x", REDIS_URL="redis://broker")["cache_url"] == (
        "redis://broker/1"
    )


@pytest.mark.parametrize("cache_url", ["redis://127.0.0.1:6379/2", "redis://127.0.0.1/2"])
def test_a_cache_url_naming_the_brokers_database_is_refused(cache_url):
    with pytest.raises(AssertionError, match="is the broker's database"):
        _settings_with(SECRET_KEY="x", REDIS_URL="redis://127.0.0.1:6379/2", CACHE_URL=cache_url)


def test_a_redis_url_whose_database_cannot_be_told_is_refused():
    with pytest.raises(AssertionError, match="Cannot tell which Redis database"):
        _settings_with(SECRET_KEY="x", REDIS_URL="unix:///run/redis.sock")


def test_debug_allows_a_development_key_and_local_hosts():
    found = _settings_with(DEBUG="1")
    assert found["debug"] is True
    assert "127.0.0.1" in found["hosts"]


def test_allowed_hosts_come_from_the_environment():
    assert _settings_with(SECRET_KEY="x", ALLOWED_HOSTS="a.example, b.example")["hosts"] == [
        "a.example",
        "b.example",
    ]


def test_the_anonymous_api_rate_is_1000_an_hour_unless_the_environment_says_otherwise():
    assert _settings_with(SECRET_KEY="x")["anon_rate"] == "1000/hour"
    assert _settings_with(SECRET_KEY="x", API_ANON_RATE="50/minute")["anon_rate"] == "50/minute"


@pytest.mark.parametrize("rate", ["lots", "0/hour", "1000/fortnight", "1000"])
def test_an_anonymous_api_rate_that_is_not_a_rate_is_refused(rate):
    with pytest.raises(AssertionError, match=f"API_ANON_RATE='{rate}' is not a rate"):
        _settings_with(SECRET_KEY="x", API_ANON_RATE=rate)


def test_api_tokens_last_90_days_unless_the_environment_says_otherwise():
    found = _settings_with(SECRET_KEY="x")
    assert (found["token_days"], found["knox_token_days"]) == (90, 90)
    found = _settings_with(SECRET_KEY="x", API_TOKEN_TTL_DAYS="30")
    assert (found["token_days"], found["knox_token_days"]) == (30, 30)
    with pytest.raises(AssertionError, match="API_TOKEN_TTL_DAYS=0 must be at least 1"):
        _settings_with(SECRET_KEY="x", API_TOKEN_TTL_DAYS="0")


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


PRINT_SECURITY = """
import json, django, logging
from django.conf import settings
django.setup()
print(json.dumps({
    "https": settings.HTTPS, "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "session_secure": settings.SESSION_COOKIE_SECURE, "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "hsts": settings.SECURE_HSTS_SECONDS,
    "log_formatter": settings.LOGGING["handlers"]["console"]["formatter"],
    "root_formatter": type(logging.getLogger().handlers[0].formatter).__name__,
}))
"""
SECURITY_VARIABLES = {"DEBUG", "SECRET_KEY", "HTTPS", "SECURE_HSTS_SECONDS", "LOG_FORMAT"}


def _security_settings_with(**env) -> dict:
    base = {k: v for k, v in os.environ.items() if k not in SECURITY_VARIABLES}
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SECURITY],
        capture_output=True,
        text=True,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        cwd=settings.BASE_DIR,
    )
    if result.returncode:
        raise AssertionError(result.stderr)
    return json.loads(result.stdout.splitlines()[-1])


def test_without_debug_https_is_required_and_logs_are_json():
    found = _security_settings_with(SECRET_KEY="x")
    assert found["https"] and found["ssl_redirect"]
    assert found["session_secure"] and found["csrf_secure"]
    assert found["hsts"] == 31_536_000
    assert found["log_formatter"] == "json"
    assert found["root_formatter"] == "JsonFormatter"


def test_https_0_turns_off_what_plain_http_cannot_do():
    found = _security_settings_with(SECRET_KEY="x", HTTPS="0")
    assert not (found["https"] or found["ssl_redirect"] or found["hsts"])
    assert not (found["session_secure"] or found["csrf_secure"])
    assert found["log_formatter"] == "json"


def test_debug_serves_plain_http_and_writes_text_logs():
    found = _security_settings_with(DEBUG="1")
    assert not (found["https"] or found["ssl_redirect"] or found["session_secure"])
    assert found["log_formatter"] == "text"
    assert found["root_formatter"] == "Formatter"


def test_log_format_chooses_the_format():
    assert _security_settings_with(DEBUG="1", LOG_FORMAT="json")["log_formatter"] == "json"
    assert _security_settings_with(SECRET_KEY="x", LOG_FORMAT="Text")["log_formatter"] == "text"


def test_values_that_are_not_understood_are_refused():
    with pytest.raises(AssertionError, match="LOG_FORMAT='xml' is not one of: json, text"):
        _security_settings_with(SECRET_KEY="x", LOG_FORMAT="xml")
    with pytest.raises(AssertionError, match="HTTPS='sometimes' is not a boolean"):
        _security_settings_with(SECRET_KEY="x", HTTPS="sometimes")


def test_env_choice(monkeypatch):
    monkeypatch.setenv("COLOUR", " Blue ")
    assert env_choice("COLOUR", choices=("red", "blue"), default="red") == "blue"
    assert env_choice("UNSET_COLOUR", choices=("red", "blue"), default="red") == "red"
    monkeypatch.setenv("COLOUR", "green")
    with pytest.raises(ImproperlyConfigured, match="COLOUR='green' is not one of: red, blue"):
        env_choice("COLOUR", choices=("red", "blue"), default="red")
