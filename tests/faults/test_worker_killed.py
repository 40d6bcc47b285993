"""A worker killed in the middle of a recompute leaves nothing half-done, and the task runs again.

A real worker (prefork, as docker-compose.yml runs it) takes the recompute queued by an
inspector's verdict from the private Redis and stalls inside its transaction, behind a row lock
that the test holds on the national indicator rows, as a long report query or a second
recompute would. The test kills the worker's whole process group with SIGKILL there. Tasks are
acknowledged late (CELERY_TASK_ACKS_LATE), so Redis hands the task to the next worker once its
visibility timeout (5 s for the test) has passed, and the indicators then equal a fresh
recompute's.
"""

import json
import os
import signal
from datetime import datetime

import pytest

from tests.faults.servers import app_env, celery_worker, eventually, run_django

pytestmark = pytest.mark.faults

VERDICT = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from inspections import roles
from recommendations import services
from recommendations.models import Recommendation

inspector, _ = get_user_model().objects.get_or_create(username="fault-inspector")
inspector.groups.add(Group.objects.get(name=roles.INSPECTORS))
recommendation = (
    Recommendation.objects.filter(inspection__slug="gloucestershire-ncpi-2025-05-21")
    .exclude(verification_status="met").order_by("pk").first()
)
services.verify_recommendation(
    recommendation=recommendation, by=inspector, verification_status="met",
    comment="Seen in place on the revisit.",
)
print(json.dumps({"force": recommendation.inspection.force_id}))
"""
FRESH_RECOMPUTE = """
from dashboards import services
services.recompute_all_indicators()
"""
INDICATOR_TABLES = (
    "dashboards_gradeindicator",
    "dashboards_statisticindicator",
    "dashboards_measureindicator",
    "dashboards_themeindicator",
)


def test_a_recompute_killed_with_its_worker_runs_again_and_ends_as_a_fresh_one(
    private_postgres, private_redis, tmp_path
):
    env = app_env(DATABASE_URL=private_postgres.url, REDIS_URL=private_redis.url(0))
    force = json.loads(run_django(VERDICT, env))["force"]
    queued = [json.loads(m) for m in private_redis.client().lrange("celery", 0, -1)]
    assert [m["headers"]["task"] for m in queued] == ["dashboards.tasks.recompute_force"]
    task_id = queued[0]["headers"]["id"]

    monitor = private_postgres.connect()
    monitor.autocommit = True
    before = _indicators(monitor)
    computed_before = _computed_at(monitor, force)
    met_before = _force_met(monitor, force)

    blocker = private_postgres.connect()
    try:
        blocker.cursor().execute(
            "SELECT id FROM dashboards_gradeindicator WHERE force_id IS NULL FOR UPDATE"
        )
        with celery_worker(env, tmp_path / "first-worker.log") as first:
            stalled = eventually(lambda: _waiting_on_a_lock(monitor), timeout=60)
            assert stalled, (tmp_path / "first-worker.log").read_text()[-3000:]
            pid, query = stalled
            # The force's own rows are already rebuilt, uncommitted; the national ones are next.
            assert "dashboards_gradeindicator" in query
            os.killpg(first.pid, signal.SIGKILL)
            first.wait(timeout=10)
    finally:
        blocker.rollback()
        blocker.close()

    # The dead worker's session ends and its transaction rolls back: nothing half-done.
    assert eventually(lambda: not _session_alive(monitor, pid), timeout=30)
    assert _indicators(monitor) == before
    assert _computed_at(monitor, force) == computed_before

    log = tmp_path / "second-worker.log"
    with celery_worker(env, log):
        succeeded = f"recompute_force[{task_id}] succeeded"  # the same task, run again
        assert eventually(lambda: succeeded in log.read_text(), timeout=60, interval=0.2), (
            log.read_text()[-3000:]
        )
    assert _computed_at(monitor, force) > computed_before

    redelivered = _indicators(monitor)
    assert _force_met(monitor, force) == met_before + 1
    assert _stale(monitor, force) is False
    run_django(FRESH_RECOMPUTE, env)
    assert _indicators(monitor) == redelivered
    monitor.close()


def _waiting_on_a_lock(connection) -> tuple[int, str] | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, query FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()


def _session_alive(connection, pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone() is not None


def _indicators(connection) -> dict[str, list[str]]:
    """Every indicator row, without its id and computation time, in a stable order."""
    rows = {}
    with connection.cursor() as cursor:
        for table in INDICATOR_TABLES:
            cursor.execute(
                f"SELECT (to_jsonb(t) - 'id' - 'computed_at')::text FROM {table} t ORDER BY 1"
            )
            rows[table] = [row for (row,) in cursor.fetchall()]
    return rows


def _computed_at(connection, force: int) -> datetime | None:
    return _state(connection, force)[0]


def _stale(connection, force: int) -> bool:
    return _state(connection, force)[1]


def _state(connection, force: int) -> tuple[datetime | None, bool]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT computed_at, stale FROM dashboards_forceindicatorstate WHERE force_id = %s",
            [force],
        )
        return cursor.fetchone()


def _force_met(connection, force: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT recommendations_met FROM dashboards_gradeindicator g "
            "JOIN inspections_programme p ON p.id = g.programme_id "
            "WHERE g.force_id = %s AND g.area_id IS NULL AND p.slug = 'ncpi'",
            [force],
        )
        return cursor.fetchone()[0]
