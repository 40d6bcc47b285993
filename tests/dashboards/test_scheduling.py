"""Saving inspection data queues one indicator recompute per changed force, after commit."""

import datetime

import pytest
from django.db import connection, transaction

from config import celery_app
from dashboards import tasks
from dashboards.models import GradeIndicator
from dashboards.services import recompute_force_indicators
from inspections.models import Inspection
from tests.factories import (
    CaseFileStatisticFactory,
    FindingFactory,
    ProgressUpdateFactory,
    RecommendationFactory,
    area,
    ncpi,
)

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


def _change_everything(inspection):
    """Save a judgment, finding, statistic, recommendation and progress update."""
    inspection.judgments.first().save()
    finding = FindingFactory(inspection=inspection, area=area("leadership"))
    CaseFileStatisticFactory(inspection=inspection)
    recommendation = RecommendationFactory(finding=finding)
    return ProgressUpdateFactory(recommendation=recommendation)


def test_five_saves_for_one_force_in_one_transaction_queue_one_recompute(
    gloucestershire, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            _change_everything(gloucestershire)
        assert queued == []  # nothing until the transaction commits
    assert queued == [gloucestershire.force_id]


def test_changes_to_two_forces_in_one_transaction_queue_two_recomputes(
    gloucestershire, queued, django_capture_on_commit_callbacks
):
    other = Inspection.objects.published().exclude(force=gloucestershire.force)
    other = other.filter(judgments__isnull=False).first()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            _change_everything(gloucestershire)
            other.judgments.first().save()
            gloucestershire.judgments.last().save()
    assert queued == sorted([gloucestershire.force_id, other.force_id])


def test_a_rolled_back_transaction_queues_nothing_and_a_later_one_still_queues(
    gloucestershire, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _change_everything(gloucestershire)
            raise RuntimeError("the form failed after the first saves")
    assert (callbacks, queued) == ([], [])  # the rollback dropped the pending batch

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            gloucestershire.judgments.first().save()
    assert queued == [gloucestershire.force_id]


@pytest.mark.django_db(transaction=True)
def test_a_save_outside_a_transaction_queues_at_once(reference_data, queued):
    inspection = Inspection.objects.get(slug=GLOUCESTERSHIRE)
    recommendation = inspection.recommendations.first()
    assert not connection.in_atomic_block  # autocommit: the save is its own transaction
    ProgressUpdateFactory(recommendation=recommendation)
    assert queued == [inspection.force_id]
    inspection.judgments.first().save()
    assert queued == [inspection.force_id] * 2


@pytest.mark.django_db(transaction=True)
def test_a_real_rollback_queues_nothing_and_a_real_commit_queues_once(reference_data, queued):
    inspection = Inspection.objects.get(slug=GLOUCESTERSHIRE)
    with pytest.raises(RuntimeError), transaction.atomic():
        _change_everything(inspection)
        raise RuntimeError("the form failed after the first saves")
    assert queued == []

    with transaction.atomic():
        _change_everything(inspection)
        assert queued == []
    assert queued == [inspection.force_id]


def test_in_the_embedded_default_a_saved_progress_update_updates_the_indicators(
    gloucestershire, django_capture_on_commit_callbacks
):
    recommendation = gloucestershire.recommendations.first()
    recompute_force_indicators(force=gloucestershire.force)
    before = GradeIndicator.objects.get(
        programme=ncpi(), force=gloucestershire.force, area__isnull=True
    )
    assert before.median_days_to_met is None

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            recommendation.verification_status = "met"
            recommendation.save()
            ProgressUpdateFactory(
                recommendation=recommendation,
                verification_status="met",
                effective_on=datetime.date(2025, 9, 1),
            )

    after = GradeIndicator.objects.get(
        programme=ncpi(), force=gloucestershire.force, area__isnull=True
    )
    assert after.recommendations_met == before.recommendations_met + 1
    # published 21 May 2025, met 1 September: 10 + 30 + 31 + 31 + 1 = 103 days
    assert after.median_days_to_met == 103.0
    assert after.computed_at > before.computed_at


@pytest.mark.django_db(transaction=True)
def test_tagging_themes_either_way_queues_the_forces_recompute(reference_data, queued):
    from findings.models import Theme

    inspection = Inspection.objects.get(slug=GLOUCESTERSHIRE)
    finding = inspection.findings.first()
    recommendation = inspection.recommendations.first()
    theme = Theme.objects.first()
    finding.themes.remove(theme)
    assert queued == [inspection.force_id]
    recommendation.themes.add(theme)
    assert queued == [inspection.force_id] * 2
    theme.findings.add(finding)  # from the theme's side
    assert queued == [inspection.force_id] * 3
    theme.recommendations.clear()
    assert queued == [inspection.force_id] * 4
