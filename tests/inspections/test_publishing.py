"""Publishing is a separate step: now, or at the embargo time by the scheduled task."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from inspections.models import Inspection
from inspections.services import publish_due_inspections, publish_inspection
from inspections.tasks import publish_due_inspections as publish_due_task
from tests.factories import InspectionFactory

pytestmark = pytest.mark.django_db


def _draft(**kwargs) -> Inspection:
    return InspectionFactory(
        status=Inspection.Status.DRAFT, published=datetime.date(2026, 6, 3), **kwargs
    )


def test_publishing_now_sets_the_follow_up_duties():
    inspection = publish_inspection(inspection=_draft())
    assert inspection.status == Inspection.Status.PUBLISHED
    assert inspection.action_plan_due == datetime.date(2026, 7, 29)  # eight weeks
    duties = dict(inspection.follow_up_duties.values_list("kind", "due_date"))
    assert duties == {
        "action_plan": datetime.date(2026, 7, 29),
        "pcc_response": datetime.date(2026, 7, 29),
    }  # 56 days = 8 weeks


@pytest.mark.parametrize("at", [None, "later"])
def test_a_draft_without_a_date_is_refused_naming_the_date(at):
    draft = InspectionFactory(status="draft", published=None)
    when = timezone.now() + datetime.timedelta(hours=2) if at else None
    with pytest.raises(ValidationError, match="Enter the published date before publishing"):
        publish_inspection(inspection=draft, at=when)
    draft.refresh_from_db()
    assert (draft.status, draft.published) == ("draft", None)


def test_a_future_time_schedules_instead():
    at = timezone.now() + datetime.timedelta(hours=2)
    inspection = publish_inspection(inspection=_draft(), at=at)
    assert (inspection.status, inspection.embargo_at) == (Inspection.Status.SCHEDULED, at)
    assert not inspection.follow_up_duties.exists()


def test_the_scheduled_task_publishes_once_the_embargo_has_passed():
    due = _draft(slug="due")
    later = _draft(slug="later")
    publish_inspection(inspection=due, at=timezone.now() + datetime.timedelta(seconds=1))
    publish_inspection(inspection=later, at=timezone.now() + datetime.timedelta(days=1))
    Inspection.objects.filter(pk=due.pk).update(embargo_at=timezone.now())
    publish_due_task.apply()  # in this process; Celery beat sends it every minute in production
    assert Inspection.objects.get(pk=due.pk).status == Inspection.Status.PUBLISHED
    assert Inspection.objects.get(pk=later.pk).status == Inspection.Status.SCHEDULED
    assert publish_due_inspections() == []


def test_publishing_twice_is_refused(gloucestershire):
    with pytest.raises(ValidationError, match="already published"):
        publish_inspection(inspection=gloucestershire)


def test_the_admin_action_publishes(admin_client):
    draft = _draft()
    response = admin_client.post(
        reverse("admin:inspections_inspection_changelist"),
        {"action": "publish_now", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert ": published." in response.text
    draft.refresh_from_db()
    assert draft.status == Inspection.Status.PUBLISHED


def test_the_admin_schedule_action_needs_an_embargo_time(admin_client):
    draft = _draft()
    response = admin_client.post(
        reverse("admin:inspections_inspection_changelist"),
        {"action": "schedule_at_embargo", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "set its embargo time first" in response.text
    draft.refresh_from_db()
    assert draft.status == Inspection.Status.DRAFT
