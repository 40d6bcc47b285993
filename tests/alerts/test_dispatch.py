"""Sending alerts: each event to each follower at most once, in batches, only what they may see."""

import math
from unittest import mock

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core import mail
from django.db import transaction

from alerts import dispatch, tasks
from alerts.models import Delivery
from changes.models import ChangeEvent, Visibility
from changes.services import record_change
from inspections.models import Inspection
from tests.alerts.helpers import follow
from tests.api.builders import leader_of
from tests.factories import ForceFactory, InspectionFactory, UserFactory, ncpi

pytestmark = pytest.mark.django_db
SITE = "https://findings.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def inspection():
    return InspectionFactory(force=ForceFactory(name="Testshire Constabulary"))


def _grade_recorded(inspection, grade="good") -> ChangeEvent:
    with transaction.atomic():
        return record_change(
            kind=ChangeEvent.Kind.GRADE_RECORDED,
            inspection=inspection,
            after={"area": "Leadership", "grade": grade},
        )


def _recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


# At most once


def test_an_event_goes_once_to_each_follower_however_often_its_batch_runs(inspection):
    ids = [follow(f"r{n}@example.org", force=inspection.force).pk for n in range(3)]
    event = _grade_recorded(inspection)

    assert dispatch.send_event(event_id=event.pk, subscriber_ids=ids) == []
    assert dispatch.send_event(event_id=event.pk, subscriber_ids=ids) == []

    assert _recipients() == ["r0@example.org", "r1@example.org", "r2@example.org"]
    assert Delivery.objects.filter(event=event, sent_at__isnull=False).count() == 3
    assert list(dispatch.immediate_batches(event)) == []  # nobody left to send it to


def test_two_workers_with_the_same_batch_send_each_email_once(inspection):
    ids = [follow(f"r{n}@example.org", force=inspection.force).pk for n in range(3)]
    event = _grade_recorded(inspection)
    # The other worker has claimed the first address and is sending to it now.
    Delivery.objects.create(subscriber_id=ids[0], event=event)

    dispatch.send_event(event_id=event.pk, subscriber_ids=ids)

    assert _recipients() == ["r1@example.org", "r2@example.org"]
    assert Delivery.objects.filter(event=event).count() == 3


def test_a_follower_of_both_the_force_and_its_programme_gets_one_email(inspection):
    subscriber = follow("both@example.org", force=inspection.force)
    follow("both@example.org", programme=ncpi())
    event = _grade_recorded(inspection)

    dispatch.send_event(event_id=event.pk, subscriber_ids=[subscriber.pk])

    assert _recipients() == ["both@example.org"]


# Batches


def test_followers_are_sent_in_batches_not_one_task_each(inspection, monkeypatch, tasks_eager):
    monkeypatch.setattr(dispatch, "BATCH_SIZE", 3)
    monkeypatch.setattr(dispatch.immediate_batches, "__defaults__", None)
    monkeypatch.setattr(dispatch.immediate_batches, "__kwdefaults__", {"size": 3})
    followers = [follow(f"r{n}@example.org", force=inspection.force).pk for n in range(7)]
    follow("other@example.org", force=ForceFactory())
    event = _grade_recorded(inspection)

    with mock.patch.object(tasks.send_event_batch, "delay") as delay:
        tasks.fan_out_event(event.pk)

    batches = [call.args[1] for call in delay.call_args_list]
    assert len(batches) == math.ceil(7 / 3)
    assert sorted(pk for batch in batches for pk in batch) == followers
    assert all(call.args[0] == event.pk for call in delay.call_args_list)


def test_one_connection_sends_a_whole_batch(inspection, failing_backend):
    ids = [follow(f"r{n}@example.org", force=inspection.force).pk for n in range(5)]
    event = _grade_recorded(inspection)

    dispatch.send_event(event_id=event.pk, subscriber_ids=ids)

    assert len(mail.outbox) == 5
    assert failing_backend.connections_opened == 1


def test_an_event_recorded_after_commit_is_emailed_to_its_followers(
    inspection, tasks_eager, django_capture_on_commit_callbacks
):
    follow("reader@example.org", force=inspection.force)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _grade_recorded(inspection)
        assert mail.outbox == []  # not before the commit

    assert len(callbacks) == 1
    assert _recipients() == ["reader@example.org"]
    assert mail.outbox[0].subject == "Testshire Constabulary: Leadership graded good"


def test_an_event_nobody_follows_queues_nothing(inspection, django_capture_on_commit_callbacks):
    follow("elsewhere@example.org", force=ForceFactory())
    follow("weekly@example.org", force=inspection.force, frequency="weekly")
    with django_capture_on_commit_callbacks() as callbacks:
        _grade_recorded(inspection)
    assert callbacks == []


def test_a_rolled_back_change_emails_nobody(
    inspection, tasks_eager, django_capture_on_commit_callbacks
):
    follow("reader@example.org", force=inspection.force)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _grade_recorded(inspection)
            raise RuntimeError("the form failed after the event was recorded")
    assert (callbacks, mail.outbox) == ([], [])


def test_an_event_whose_queueing_failed_is_caught_up(inspection, tasks_eager, time_machine):
    follow("reader@example.org", force=inspection.force)
    time_machine.move_to("2026-05-04 09:00Z")
    _grade_recorded(inspection)  # its commit never came, as if the broker was down

    time_machine.move_to("2026-05-04 09:35Z")
    tasks.send_missed_alerts()
    tasks.send_missed_alerts()

    assert _recipients() == ["reader@example.org"]


# Who may see what


def test_an_address_of_nobody_never_gets_a_drafts_event(tasks_eager):
    draft = InspectionFactory(status=Inspection.Status.DRAFT)
    anonymous = follow("public@example.org", force=draft.force)
    event = _grade_recorded(draft)
    assert event.visibility == Visibility.INSPECTORATE_AND_FORCE

    assert list(dispatch.immediate_batches(event)) == []
    dispatch.send_event(event_id=event.pk, subscriber_ids=[anonymous.pk])
    tasks.fan_out_event(event.pk)

    assert mail.outbox == []


def test_a_forces_leader_gets_its_private_event_and_another_forces_leader_does_not(tasks_eager):
    draft = InspectionFactory(status=Inspection.Status.DRAFT)
    elsewhere = ForceFactory()
    follow("leader@example.org", force=draft.force, user=leader_of(draft.force))
    follow("other-leader@example.org", force=draft.force, user=leader_of(elsewhere))
    follow("account@example.org", force=draft.force, user=UserFactory())
    follow("public@example.org", force=draft.force)
    event = _grade_recorded(draft)

    tasks.fan_out_event(event.pk)

    assert _recipients() == ["leader@example.org"]


def test_an_inactive_leaders_address_gets_no_private_event(tasks_eager):
    draft = InspectionFactory(status=Inspection.Status.DRAFT)
    leader = leader_of(draft.force)
    leader.is_active = False
    leader.save()
    follow("leader@example.org", force=draft.force, user=leader)

    tasks.fan_out_event(_grade_recorded(draft).pk)

    assert mail.outbox == []


def test_an_event_recorded_before_the_follow_was_confirmed_is_not_sent(inspection, time_machine):
    time_machine.move_to("2026-05-04 09:00Z")
    event = _grade_recorded(inspection)
    late = follow("late@example.org", force=inspection.force, confirmed_at=event.happened_at)
    time_machine.move_to("2026-05-04 09:01Z")
    late.subscriptions.update(confirmed_at=dispatch.timezone.now())

    assert list(dispatch.immediate_batches(event)) == []
    dispatch.send_event(event_id=event.pk, subscriber_ids=[late.pk])
    assert mail.outbox == []


# A failing recipient


def test_a_refused_address_is_released_and_the_others_are_marked_sent(inspection, failing_backend):
    ids = [follow(f"r{n}@example.org", force=inspection.force).pk for n in range(3)]
    failing_backend.refuse = {"r1@example.org": 1}
    event = _grade_recorded(inspection)

    assert dispatch.send_event(event_id=event.pk, subscriber_ids=ids) == [ids[1]]

    assert _recipients() == ["r0@example.org", "r2@example.org"]
    sent = Delivery.objects.filter(event=event, sent_at__isnull=False)
    assert sorted(sent.values_list("subscriber_id", flat=True)) == [ids[0], ids[2]]
    assert not Delivery.objects.filter(event=event, subscriber_id=ids[1]).exists()


def test_a_refused_address_is_retried_without_sending_to_the_others_again(
    inspection, failing_backend, tasks_eager
):
    ids = [follow(f"r{n}@example.org", force=inspection.force).pk for n in range(3)]
    failing_backend.refuse = {"r1@example.org": 2}  # refused twice, then taken
    event = _grade_recorded(inspection)

    with mock.patch.object(dispatch, "send_event", wraps=dispatch.send_event) as send:
        tasks.send_event_batch.delay(event.pk, ids)

    assert [call.kwargs["subscriber_ids"] for call in send.call_args_list] == [
        ids,
        [ids[1]],
        [ids[1]],
    ]
    assert _recipients() == ["r0@example.org", "r1@example.org", "r2@example.org"]
    assert Delivery.objects.filter(event=event, sent_at__isnull=False).count() == 3


def test_an_address_refused_every_time_is_given_up_after_the_last_retry(
    inspection, failing_backend, tasks_eager
):
    ids = [follow(f"r{n}@example.org", force=inspection.force).pk for n in range(2)]
    failing_backend.refuse = {"r1@example.org": 100}
    event = _grade_recorded(inspection)

    result = tasks.send_event_batch.delay(event.pk, ids)

    assert result.state == "FAILURE" and isinstance(result.result, dispatch.DeliveryFailed)
    assert _recipients() == ["r0@example.org"]
    assert failing_backend.refuse["r1@example.org"] == 100 - 6  # the first try and 5 retries


def test_a_server_that_cannot_be_reached_releases_every_claim(inspection, settings):
    ids = [follow(f"r{n}@example.org", force=inspection.force).pk for n in range(2)]
    event = _grade_recorded(inspection)
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.open", side_effect=OSError):
        assert dispatch.send_event(event_id=event.pk, subscriber_ids=ids) == ids
    assert not Delivery.objects.filter(event=event).exists()


# The email


def test_the_change_email_names_the_change_links_absolutely_and_offers_unsubscribe(inspection):
    subscriber = follow("reader@example.org", force=inspection.force)
    event = _grade_recorded(inspection)

    dispatch.send_event(event_id=event.pk, subscriber_ids=[subscriber.pk])

    (message,) = mail.outbox
    unsubscribe = f"{SITE}/follow/unsubscribe/{subscriber.key}/"
    assert message.subject == "Testshire Constabulary: Leadership graded good"
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.alternatives[0].content
    page = f"{SITE}{inspection.get_absolute_url()}"
    for body in (message.body, html):
        assert page in body and unsubscribe in body
        assert (
            "National child protection inspection report published "
            f"{inspection.published_label()}: Leadership was graded good."
        ) in body
        assert "this address follows Testshire Constabulary, with an email for each change" in body


def test_an_account_holders_email_links_to_their_account_page(inspection):
    subscriber = follow("user@example.org", force=inspection.force, user=UserFactory())
    dispatch.send_event(event_id=_grade_recorded(inspection).pk, subscriber_ids=[subscriber.pk])
    assert f"{SITE}/accounts/" in mail.outbox[0].body


def test_a_programme_followers_email_says_it_follows_the_programme(inspection):
    subscriber = follow("programme@example.org", programme=ncpi())
    dispatch.send_event(event_id=_grade_recorded(inspection).pk, subscriber_ids=[subscriber.pk])
    assert "follows National child protection inspection, with" in mail.outbox[0].body


def test_an_email_cut_short_keeps_its_claim_and_releases_the_untried(inspection, failing_backend):
    ids = [follow(f"r{n}@example.org", force=inspection.force).pk for n in range(3)]
    event = _grade_recorded(inspection)
    real = failing_backend.send_messages

    def cut_short(backend, messages):
        if messages[0].to == ["r1@example.org"]:
            raise SoftTimeLimitExceeded()
        return real(backend, messages)

    with mock.patch.object(failing_backend, "send_messages", cut_short):
        with pytest.raises(SoftTimeLimitExceeded):
            dispatch.send_event(event_id=event.pk, subscriber_ids=ids)

    claims = dict(Delivery.objects.filter(event=event).values_list("subscriber_id", "sent_at"))
    assert claims.keys() == {ids[0], ids[1]}  # r2 was never tried: free for a retry
    assert claims[ids[0]] is not None and claims[ids[1]] is None  # r1 may have gone


def test_a_follower_of_a_programme_at_once_and_its_force_weekly_is_told_why(inspection):
    subscriber = follow("mixed@example.org", force=inspection.force, frequency="weekly")
    follow("mixed@example.org", programme=ncpi())
    dispatch.send_event(event_id=_grade_recorded(inspection).pk, subscriber_ids=[subscriber.pk])
    assert "follows National child protection inspection, with" in mail.outbox[0].body
