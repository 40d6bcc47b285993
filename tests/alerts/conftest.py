"""Fixtures for the email alerts: tasks run inline, and an outbox that can refuse addresses."""

import pytest

from config import celery_app
from tests.alerts.helpers import FailingBackend


@pytest.fixture
def tasks_eager():
    """Run queued alert tasks inline whatever REDIS_URL says, retries included (a task that
    raises gives a failed result, as on a worker)."""
    saved = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = True, False
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = saved


@pytest.fixture
def failing_backend(settings):
    """An outbox that refuses the addresses its `refuse` names."""
    settings.EMAIL_BACKEND = "tests.alerts.helpers.FailingBackend"
    FailingBackend.refuse, FailingBackend.connections_opened = {}, 0
    return FailingBackend
