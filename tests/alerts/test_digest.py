"""The weekly digest: one email per weekly follower listing the week's new events, by force."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from alerts import dispatch, tasks
from alerts.models import Delivery, Frequency
from changes.models import ChangeEvent, Visibility
from tests.alerts.helpers import follow
from tests.api.builders import leader_of
from tests.factories import ForceFactory, InspectionFactory, peel

pytestmark = pytest.mark.django_db
SITE = "https://findings.example.org"
WEEKLY = Frequency.WEEKLY
MONDAY = timezone.make_aware(datetime.datetime(2026, 5, 11, 7, 30))


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def forces():
    return ForceFactory(name="Avon Police"), ForceFactory(name="Zedshire Police")


def _event(force, *, days_ago, grade="good", programme=None, **kwargs) -> ChangeEvent:
    inspection = InspectionFactory(force=force, **({"programme": programme} if programme else {}))
    return ChangeEvent.objects.create(
        kind=ChangeEvent.Kind.GRADE_RECORDED,
        force=force,
        programme=inspection.programme,
        inspection=inspection,
        after={"area": "Leadership", "grade": grade},
        visibility=kwargs.get("visibility", Visibility.PUBLIC),
        happened_at=MONDAY - datetime.timedelta(days=days_ago),
    )


def test_a_weekly_follower_gets_one_digest_of_the_weeks_events_by_force(forces):
    avon, zedshire = forces
    reader = follow("reader@example.org", force=zedshire, frequency=WEEKLY)
    follow("reader@example.org", programme=peel(), frequency=WEEKLY)
    wanted = [
        _event(zedshire, days_ago=3, grade="adequate"),
        _event(zedshire, days_ago=1, grade="inadequate"),
        _event(avon, days_ago=2, programme=peel()),  # by the programme followed
    ]
    _event(avon, days_ago=2)  # another force, another programme
    _event(zedshire, days_ago=12)  # before this week
    _event(zedshire, days_ago=1, visibility=Visibility.INSPECTORATE_AND_FORCE)  # private
    already = _event(zedshire, days_ago=1)
    Delivery.objects.create(subscriber=reader, event=already, sent_at=MONDAY)

    assert dispatch.send_digests(subscriber_ids=[reader.pk], until=MONDAY) == []

    (message,) = mail.outbox
    assert message.subject == "Weekly summary: 3 changes"
    assert message.to == ["reader@example.org"]
    text, html = message.body, message.alternatives[0].content
    titles = [
        "Avon Police: Leadership graded good",
        "Zedshire Police: Leadership graded adequate",
        "Zedshire Police: Leadership graded inadequate",
    ]
    assert [text.index(title) for title in titles] == sorted(text.index(t) for t in titles)
    assert text.count("graded") == 3 + 3  # each title and its summary
    for body in (text, html):
        assert all(title in body for title in titles)
        assert text.index("Avon Police\n") < text.index("Zedshire Police\n")
        assert f"{SITE}{wanted[0].inspection.get_absolute_url()}" in body
        assert f"{SITE}/follow/unsubscribe/{reader.key}/" in body
        assert f"this address follows {peel().name}, Zedshire Police." in body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    claimed = Delivery.objects.filter(subscriber=reader, sent_at__isnull=False)
    assert set(claimed.values_list("event_id", flat=True)) == {e.pk for e in [*wanted, already]}


def test_a_week_with_nothing_new_sends_no_email(forces):
    avon, zedshire = forces
    quiet = follow("quiet@example.org", force=avon, frequency=WEEKLY)
    _event(zedshire, days_ago=1)
    _event(avon, days_ago=20)

    assert dispatch.send_digests(subscriber_ids=[quiet.pk], until=MONDAY) == []
    assert mail.outbox == []
    assert not Delivery.objects.exists()


def test_a_digest_goes_once_however_often_the_job_runs(forces, tasks_eager, time_machine):
    avon, _ = forces
    follow("reader@example.org", force=avon, frequency=WEEKLY)
    follow("instant@example.org", force=avon)  # immediate: no digest
    _event(avon, days_ago=1)

    time_machine.move_to(MONDAY)
    tasks.send_weekly_digests()
    tasks.send_weekly_digests()

    assert [message.to for message in mail.outbox] == [["reader@example.org"]]
    assert mail.outbox[0].subject == "Weekly summary: 1 change"


def test_an_anonymous_digest_never_lists_a_private_event_but_the_leaders_does(forces):
    avon, _ = forces
    public = follow("public@example.org", force=avon, frequency=WEEKLY)
    leader = follow("leader@example.org", force=avon, frequency=WEEKLY, user=leader_of(avon))
    _event(avon, days_ago=1, grade="good")
    _event(avon, days_ago=1, grade="inadequate", visibility=Visibility.INSPECTORATE_AND_FORCE)

    dispatch.send_digests(subscriber_ids=[public.pk, leader.pk], until=MONDAY)

    by_address = {message.to[0]: message for message in mail.outbox}
    assert "inadequate" not in by_address["public@example.org"].body
    assert "inadequate" not in by_address["public@example.org"].alternatives[0].content
    assert "Avon Police: Leadership graded inadequate" in by_address["leader@example.org"].body


def test_digests_go_in_batches(forces, monkeypatch):
    avon, _ = forces
    ids = [follow(f"r{n}@example.org", force=avon, frequency=WEEKLY).pk for n in range(5)]
    follow("r0@example.org", programme=peel(), frequency=WEEKLY)  # one address, one batch place
    batches = list(dispatch.weekly_batches(size=2))
    assert batches == [ids[0:2], ids[2:4], ids[4:]]


def test_a_refused_digest_is_retried_alone(forces, failing_backend, tasks_eager, time_machine):
    avon, _ = forces
    for n in range(3):
        follow(f"r{n}@example.org", force=avon, frequency=WEEKLY)
    _event(avon, days_ago=1)
    failing_backend.refuse = {"r1@example.org": 1}

    time_machine.move_to(MONDAY)
    tasks.send_weekly_digests()

    assert sorted(m.to[0] for m in mail.outbox) == [
        "r0@example.org",
        "r1@example.org",
        "r2@example.org",
    ]
