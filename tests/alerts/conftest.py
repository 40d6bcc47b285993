"""Fixtures for the email alerts: emails link to the unsubscribe route, wherever it is."""

import pytest
from django.urls import NoReverseMatch, reverse

from config import celery_app
from tests.alerts.helpers import FailingBackend


@pytest.fixture(autouse=True)
def unsubscribe_route(settings):
    """The site's own unsubscribe route, or a stand-in one (tests/alerts/urls.py) without it."""
    try:
        reverse("alerts:unsubscribe", args=["key"])
    except NoReverseMatch:
        settings.ROOT_URLCONF = "tests.alerts.urls"


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
