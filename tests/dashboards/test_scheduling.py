"""A recompute asked for in a transaction is queued once per force, after commit, never after a
rollback; and it is asked for explicitly, never by listening for saves."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from config import celery_app
from dashboards import tasks
from dashboards.models import ForceIndicatorState, GradeIndicator
from dashboards.scheduling import queue_recompute
from dashboards.services import recompute_force_indicators
from inspections.models import Force
from recommendations import services
from tests.factories import ncpi

GLOUCESTERSHIRE = "gloucestershire-ncpi-2025-05-21"


@pytest.fixture(autouse=True)
def tasks_run_inline(monkeypatch):
    """Run queued tasks in-process, as the embedded default does, even when REDIS_URL is set."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", True)


@pytest.fixture
def queued(monkeypatch):
    """The force ids passed to recompute_force.delay, which still runs the real task."""
    calls = []
    delay = tasks.recompute_force.delay

    def record(force_id):
        calls.append(force_id)
        return delay(force_id)

    monkeypatch.setattr(tasks.recompute_force, "delay", record)
    return calls


def _two_forces() -> tuple[int, int]:
    first, second = Force.objects.order_by("pk").values_list("pk", flat=True)[:2]
    return first, second


def test_many_asks_in_one_transaction_queue_one_recompute_per_force_after_commit(
    db, queued, django_capture_on_commit_callbacks
):
    first, second = _two_forces()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            for force_id in (first, first, second, None, first, second, first):
                queue_recompute(force_id)
        assert queued == []  # nothing until the transaction commits
    assert sorted(queued) == [first, second]


def test_a_rolled_back_transaction_queues_nothing_and_a_later_one_still_queues(
    db, queued, django_capture_on_commit_callbacks
):
    force_id, _ = _two_forces()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            queue_recompute(force_id)
            raise RuntimeError("the form failed after the first saves")
    assert (callbacks, queued) == ([], [])

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            queue_recompute(force_id)
    assert queued == [force_id]


def test_a_rolled_back_savepoint_drops_only_what_it_asked_for(
    db, queued, django_capture_on_commit_callbacks
):
    first, second = _two_forces()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            queue_recompute(first)
            with pytest.raises(RuntimeError), transaction.atomic():
                queue_recompute(second)
                raise RuntimeError("one row of the import failed, and was left out")
    assert queued == [first]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_each_ask_queues_at_once(reference_data, queued):
    force_id, _ = _two_forces()
    assert not connection.in_atomic_block  # autocommit: each write is its own transaction
    queue_recompute(force_id)
    assert queued == [force_id]
    queue_recompute(force_id)
    assert queued == [force_id] * 2


@pytest.mark.django_db(transaction=True)
def test_a_real_rollback_queues_nothing_and_real_commits_queue_once_each(reference_data, queued):
    first, second = _two_forces()
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_recompute(first)
        raise RuntimeError("the form failed after the first saves")
    assert queued == []

    with transaction.atomic():
        queue_recompute(second)
        queue_recompute(second)
        assert queued == []
    assert queued == [second]
    with transaction.atomic():  # the next transaction starts afresh
        queue_recompute(second)
    assert queued == [second] * 2


def test_in_the_embedded_default_a_verdict_updates_the_indicators(
    gloucestershire, inspector, django_capture_on_commit_callbacks
):
    recommendation = gloucestershire.recommendations.exclude(verification_status="met").first()
    recompute_force_indicators(force=gloucestershire.force)
    before = GradeIndicator.objects.get(
        programme=ncpi(), force=gloucestershire.force, area__isnull=True
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.verify_recommendation(
            recommendation=recommendation, by=inspector, verification_status="met", comment="Seen."
        )

    after = GradeIndicator.objects.get(
        programme=ncpi(), force=gloucestershire.force, area__isnull=True
    )
    assert after.recommendations_met == before.recommendations_met + 1
    days = (timezone.localdate() - gloucestershire.published).days  # met today
    assert days in after.days_to_met
    assert after.computed_at > before.computed_at


def test_nothing_in_the_dashboards_listens_for_saves_or_reads_djangos_pending_callbacks():
    # The data version's watch on every statement (versioning.watch_writes) is not a business
    # rule: it keeps no cached API page past a write, whatever made the write.
    hidden = re.compile(r"run_on_commit|django\.db\.models\.signals|(?<!created)\.connect\(")
    found = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}"
        for path in sorted((settings.BASE_DIR / "dashboards").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if hidden.search(line)
    ]
    assert found == []
    assert not Path(settings.BASE_DIR / "dashboards" / "signals.py").exists()


def test_the_recompute_command_rebuilds_named_forces_and_refuses_an_unknown_one(gloucestershire):
    """What to run after changing inspection data in a shell, which queues nothing."""
    force = gloucestershire.force
    ForceIndicatorState.objects.update_or_create(force=force, defaults={"computed_at": None})
    with pytest.raises(CommandError, match="atlantis"):
        call_command("recompute_indicators", force.slug, "atlantis", stdout=StringIO())
    assert ForceIndicatorState.objects.get(force=force).computed_at is None  # nothing done

    call_command("recompute_indicators", force.slug, stdout=StringIO())
    assert ForceIndicatorState.objects.get(force=force).computed_at is not None
