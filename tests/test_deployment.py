"""docker-compose.yml describes production: PostgreSQL, two Redis, web, worker and beat."""

import os
import secrets
import shutil
import subprocess
import sys

import yaml
from django.conf import settings

COMPOSE = settings.BASE_DIR / "docker-compose.yml"
APP_VARIABLES = {"DATABASE_URL", "REDIS_URL", "CACHE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}
EXAMPLE_ENV = {
    "POSTGRES_PASSWORD": "example",
    "SECRET_KEY": "example",
    "ALLOWED_HOSTS": "example.org",
    "SITE_URL": "https://example.org",
}


def _docker_compose_available() -> bool:
    if shutil.which("docker") is None:
        return False
    return subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0


def test_the_compose_file_is_valid():
    if _docker_compose_available():
        result = subprocess.run(
            ["docker", "compose", "-f", str(COMPOSE), "config", "-q"],
            capture_output=True,
            text=True,
            env={**os.environ, **EXAMPLE_ENV},
        )
        assert result.returncode == 0, result.stderr
    else:  # no compose plugin here: check the structure ourselves
        services = {"postgres", "redis", "cache", "migrate", "web", "worker", "beat"}
        assert set(_services()) == services


def _services() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"]


def test_web_worker_and_beat_share_one_environment():
    services = _services()
    environments = [services[name]["environment"] for name in ("web", "worker", "beat", "migrate")]
    for environment in environments:
        assert APP_VARIABLES <= set(environment)
        assert environment == environments[0]
    assert environments[0]["DEBUG"] == "0"
    assert environments[0]["DATABASE_URL"].startswith("postgres://")
    assert environments[0]["REDIS_URL"].startswith("redis://redis:")
    assert environments[0]["CACHE_URL"].startswith("redis://cache:")


def test_the_cache_is_capped_and_evicts_while_the_queue_never_does():
    services = _services()
    cache = services["cache"]["command"]
    assert cache[cache.index("--maxmemory") + 1] == "256mb"
    assert cache[cache.index("--maxmemory-policy") + 1] == "allkeys-lru"
    broker = services["redis"]["command"]
    assert broker[broker.index("--maxmemory-policy") + 1] == "noeviction"
    assert "--maxmemory" not in broker  # a full queue refuses tasks; it never drops them


def test_each_process_runs_what_its_name_says():
    services = _services()
    assert services["web"]["command"][0] == "gunicorn"
    assert services["web"]["command"][1] == "config.wsgi:application"
    assert services["worker"]["command"][:4] == ["celery", "-A", "config", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]
    assert "migrate" in " ".join(services["migrate"]["command"])


def test_secrets_must_be_supplied_not_defaulted():
    text = COMPOSE.read_text(encoding="utf-8")
    for variable in ("SECRET_KEY", "POSTGRES_PASSWORD", "ALLOWED_HOSTS", "SITE_URL"):
        assert f"${{{variable}:?" in text


def test_the_processes_entry_points_exist():
    from config import celery_app
    from config.wsgi import application

    assert callable(application)
    assert celery_app.main == "inspection_findings"


def _check_deploy(**env) -> subprocess.CompletedProcess:
    """`manage.py check --deploy` as production runs it: DEBUG unset, a long random key."""
    unset = {"DEBUG", "DATABASE_URL", "REDIS_URL", "CACHE_URL", "HTTPS", "LOG_FORMAT"}
    unset.add("SECURE_HSTS_SECONDS")
    unset.add("DJANGO_ALLOW_ASYNC_UNSAFE")  # set by the browser tests for their own process
    base = {k: v for k, v in os.environ.items() if k not in unset}
    production = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "findings.example.org",
        "HTTPS": "1",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env={**base, **production, **env},
        cwd=settings.BASE_DIR,
    )


def test_production_settings_pass_the_deployment_checks_with_no_warning():
    result = _check_deploy(REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_deployment_checks_see_a_cache_each_process_keeps_to_itself():
    """Without Redis each gunicorn worker would keep pages under a version of its own."""
    result = _check_deploy()
    assert result.returncode == 1
    assert "dashboards.W001" in result.stderr
    assert "Set REDIS_URL" in result.stderr


def test_the_deployment_checks_see_plain_http():
    result = _check_deploy(HTTPS="0")
    assert result.returncode == 1
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr
