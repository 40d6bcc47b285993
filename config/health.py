"""/healthz: whether the database, the cache and the broker answer.

Anyone may ask whether the site is up; which part is down is told only to inspectors, admins
and a monitor sending HEALTHZ_TOKEN, as it tells an attacker where the site is weak.
"""

import hmac
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.celery import app as celery_app
from inspections import policy

logger = logging.getLogger(__name__)


@require_GET
@never_cache
def healthz(request):
    """200 when every dependency answers, else 503; with the detail, naming those that failed."""
    checks = {"database": _database, "cache": _cache, "broker": _broker}
    results = {}
    for name, check in checks.items():
        try:
            check()
            results[name] = "ok"
        except Exception as error:  # any failure of a dependency is a 503, not a 500
            logger.warning("Health check %s failed: %s", name, error)
            results[name] = f"failed: {type(error).__name__}"
    healthy = all(value == "ok" for value in results.values())
    answer = {"status": "ok" if healthy else "failing"}
    if _may_see_detail(request):
        answer["checks"] = results
    return JsonResponse(answer, status=200 if healthy else 503)


def _may_see_detail(request) -> bool:
    expected = settings.HEALTHZ_TOKEN
    sent = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if expected and hmac.compare_digest(sent.encode(), expected.encode()):
        return True
    try:
        return policy.allows(request.user, policy.SEE_HEALTH)
    except DatabaseError:  # who is signed in cannot be told while the database is down
        return False


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    cache.set("healthz", "ok", timeout=10)
    if cache.get("healthz") != "ok":
        raise RuntimeError("the cache did not return what was stored")


def _broker() -> None:
    if celery_app.conf.task_always_eager:
        return  # the embedded default has no broker: tasks run in the web process
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
