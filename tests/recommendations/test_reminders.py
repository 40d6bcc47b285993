"""Reminder emails go to the right people, once per thing per period, even when run twice."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from inspections import roles
from inspections.models import ForceMembership
from recommendations import reminders, services, tasks
from recommendations.models import SentReminder
from tests.factories import ForceFactory, RecommendationFactory, UserFactory
from tests.recommendations.conftest import claim_complete

pytestmark = pytest.mark.django_db

# Gloucestershire was published on 21 May 2025; its action plan is due on 16 July 2025.
TODAY = datetime.date(2025, 9, 1)


def _leader(force, username):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=roles.FORCE_LEADERS))
    ForceMembership.objects.create(user=user, force=force)
    return user


@pytest.fixture
def overdue(recommendation):
    recommendation.due_date = datetime.date(2025, 8, 1)
    recommendation.save()
    return recommendation


def test_nothing_to_say_sends_nothing(force_leader, mailoutbox):
    assert reminders.send_force_reminders(today=datetime.date(2025, 6, 1)) == 0
    assert mailoutbox == []


def test_overdue_work_is_sent_to_the_forces_leaders_only(
    overdue, force_leader, other_recommendation, mailoutbox
):
    other_recommendation.due_date = datetime.date(2025, 8, 1)
    other_recommendation.save()
    _leader(ForceFactory(), "other-leader")  # a leader of a force with nothing due

    reminders.send_force_reminders(today=TODAY)

    assert [m.to for m in mailoutbox] == [[force_leader.email]]
    body = mailoutbox[0].body
    assert "Overdue since 1 August 2025" in body
    assert f"/tracking/recommendations/{overdue.pk}/" in body
    assert other_recommendation.text not in body


def test_a_reminder_is_sent_once_per_period_however_often_it_runs(
    overdue, force_leader, mailoutbox
):
    reminders.send_force_reminders(today=TODAY)
    reminders.send_force_reminders(today=TODAY)
    reminders.send_force_reminders(today=TODAY + datetime.timedelta(days=1))  # same ISO week
    overdue_mails = [m for m in mailoutbox if "Overdue since" in m.body]
    assert len(overdue_mails) == 1

    reminders.send_force_reminders(today=TODAY + datetime.timedelta(days=7))  # next week
    assert len([m for m in mailoutbox if "Overdue since" in m.body]) == 2


def test_an_action_plan_due_within_7_days_is_reminded_once(action_plan, force_leader, mailoutbox):
    for day in (9, 10, 16):
        reminders.send_force_reminders(today=datetime.date(2025, 7, day))
    assert len(mailoutbox) == 1
    assert "Action plan due on 16 July 2025" in mailoutbox[0].body
    assert reminders.send_force_reminders(today=datetime.date(2025, 7, 8)) == 0  # 8 days before


def test_a_submitted_action_plan_is_not_reminded(action_plan, force_leader, mailoutbox):
    action_plan.submitted_on = datetime.date(2025, 7, 1)
    action_plan.save()
    reminders.send_force_reminders(today=datetime.date(2025, 7, 10))
    reminders.send_force_reminders(today=datetime.date(2025, 8, 10))
    assert mailoutbox == []


def test_a_late_action_plan_is_reminded_weekly(action_plan, force_leader, mailoutbox):
    reminders.send_force_reminders(today=datetime.date(2025, 7, 20))
    assert "Action plan overdue since 16 July 2025" in mailoutbox[0].body


def test_no_update_in_90_days_is_reminded_monthly(
    recommendation, force_leader, action_plan, mailoutbox
):
    action_plan.submitted_on = datetime.date(2025, 7, 1)  # no weekly overdue-plan reminder
    action_plan.save()
    # Published 21 May 2025: 90 days later is 19 August.
    assert reminders.send_force_reminders(today=datetime.date(2025, 8, 18)) == 0
    reminders.send_force_reminders(today=datetime.date(2025, 8, 20))
    assert len(mailoutbox) == 1
    assert mailoutbox[0].body.count("No progress update in 90 days") == 21
    reminders.send_force_reminders(today=datetime.date(2025, 8, 31))
    assert len(mailoutbox) == 1
    reminders.send_force_reminders(today=datetime.date(2025, 9, 1))
    assert len(mailoutbox) == 2


def test_a_recent_update_stops_the_no_update_reminder(recommendation, force_leader, mailoutbox):
    services.record_progress(
        recommendation=recommendation,
        author=force_leader,
        force_status="in_progress",
        narrative="Started.",
        effective_on=datetime.date(2025, 6, 1),
    )
    today = datetime.date.today() + datetime.timedelta(days=30)
    reminders.send_force_reminders(today=today)
    body = mailoutbox[0].body
    assert body.count("No progress update in 90 days") == 20
    assert recommendation.text[:60] not in body


def test_two_workers_racing_send_one_email(overdue, force_leader, mailoutbox):
    item = next(
        i
        for i in reminders.force_reminder_items(force=overdue.inspection.force, today=TODAY)
        if i.object_id == overdue.pk
    )
    assert reminders._claim(force_leader, item) is True
    assert reminders._claim(force_leader, item) is False  # the other worker
    assert SentReminder.objects.filter(object_id=overdue.pk).count() == 1


def test_the_database_allows_one_reminder_per_period(force_leader):
    values = {"kind": "review_digest", "recipient": force_leader, "object_id": 0, "period": "x"}
    SentReminder.objects.create(**values)
    with pytest.raises(IntegrityError), transaction.atomic():
        SentReminder.objects.create(**values)


def test_a_failed_send_is_released_and_sent_next_time(overdue, force_leader, mailoutbox):
    with (
        mock.patch("recommendations.reminders.send_mail", side_effect=OSError("SMTP down")),
        pytest.raises(reminders.DeliveryFailed, match="1 reminder email"),
    ):
        reminders.send_force_reminders(today=TODAY)
    assert not SentReminder.objects.filter(sent_at__isnull=False).exists()

    reminders.send_force_reminders(today=TODAY)
    assert len(mailoutbox) == 1


def test_one_failed_recipient_does_not_stop_the_others(overdue, force_leader, mailoutbox):
    other = _leader(ForceFactory(), "second-leader")
    ForceMembership.objects.filter(user=other).update(force=overdue.inspection.force)
    real_send = reminders.send_mail

    def fail_for_first_leader(subject, body, sender, to):
        if to == [force_leader.email]:
            raise OSError("mailbox unavailable")
        return real_send(subject, body, sender, to)

    with (
        mock.patch("recommendations.reminders.send_mail", side_effect=fail_for_first_leader),
        pytest.raises(reminders.DeliveryFailed, match=r"\(1 were sent\)"),
    ):
        reminders.send_force_reminders(today=TODAY)
    assert [m.to for m in mailoutbox] == [[other.email]]

    reminders.send_force_reminders(today=TODAY)  # the retry: only the failed one is sent
    assert [m.to for m in mailoutbox] == [[other.email], [force_leader.email]]


def test_inactive_and_emailless_leaders_get_nothing(overdue, force_leader, mailoutbox):
    force_leader.is_active = False
    force_leader.save()
    no_email = _leader(ForceFactory(), "no-email")
    no_email.email = ""
    no_email.save()
    ForceMembership.objects.filter(user=no_email).update(force=overdue.inspection.force)
    assert reminders.send_force_reminders(today=TODAY) == 0


def test_inspectors_get_a_weekly_digest_of_claims(recommendation, force_leader, inspector):
    from django.core import mail

    claim_complete(recommendation, by=force_leader)
    monday = datetime.date(2025, 9, 1)
    reminders.send_review_digest(today=monday)
    reminders.send_review_digest(today=monday + datetime.timedelta(days=2))

    assert [m.to for m in mail.outbox] == [[inspector.email]]
    assert "1 claim of completion is waiting for review" in mail.outbox[0].body
    assert "/tracking/review/" in mail.outbox[0].body

    reminders.send_review_digest(today=monday + datetime.timedelta(days=7))
    assert len(mail.outbox) == 2


def test_no_digest_when_nothing_waits(inspector, mailoutbox):
    assert reminders.send_review_digest(today=TODAY) == 0
    assert mailoutbox == []


def test_the_tasks_run_the_reminders(overdue, force_leader, inspector, mailoutbox):
    RecommendationFactory()  # another force, nothing to say
    tasks.send_force_reminders.apply()
    tasks.send_review_digest.apply()
    assert [m.to for m in mailoutbox] == [[force_leader.email]]


def test_the_beat_schedule_runs_both_reminders(settings):
    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "recommendations.tasks.send_force_reminders",
        "recommendations.tasks.send_review_digest",
    } <= tasks_scheduled
