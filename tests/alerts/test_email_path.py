"""The whole email path, as a follower meets it: sign up, confirm from the emailed link, a grade
published, the immediate email and the weekly digest, one-click unsubscribe, and then quiet."""

import datetime
import re

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from alerts import tasks
from alerts.models import Subscriber
from inspections.models import Inspection
from inspections.services import publish_inspection, record_grade_change
from tests.factories import ForceFactory, InspectionFactory, JudgmentFactory, area, grade

pytestmark = pytest.mark.django_db
SITE = "https://findings.example.org"
TUESDAY = timezone.make_aware(datetime.datetime(2026, 5, 5, 10, 0))
NEXT_MONDAY = timezone.make_aware(datetime.datetime(2026, 5, 11, 7, 30))


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def committed(django_capture_on_commit_callbacks, tasks_eager):
    """Run a write, then what its commit queues (emails), as outside a test's transaction."""

    def run(write, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(*args, **kwargs)

    return run


def _outbox_for(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def _sign_up_and_confirm(client, committed, *, email, force, frequency) -> Subscriber:
    page = committed(
        client.post,
        "/follow/",
        {"email": email, "force": force.slug, "frequency": frequency},
    )
    assert page.status_code == 200
    (confirmation,) = _outbox_for(email)
    link = re.search(rf"{re.escape(SITE)}(/follow/confirm/\S+/)", confirmation.body)
    assert link, confirmation.body
    assert client.get(link.group(1)).status_code == 200  # a Confirm button; nothing yet
    assert not Subscriber.objects.get(email=email).subscriptions.get().confirmed_at
    assert committed(client.post, link.group(1)).status_code == 200
    subscriber = Subscriber.objects.get(email=email)
    assert subscriber.subscriptions.get().confirmed_at is not None
    mail.outbox.clear()
    return subscriber


def test_a_follower_is_told_of_a_published_grade_at_once_or_weekly_then_unsubscribes(
    client, committed, time_machine
):
    force = ForceFactory(name="Testshire Constabulary")
    time_machine.move_to(TUESDAY)
    instant = _sign_up_and_confirm(
        client, committed, email="instant@example.org", force=force, frequency="immediate"
    )
    weekly = _sign_up_and_confirm(
        client, committed, email="weekly@example.org", force=force, frequency="weekly"
    )

    # A draft's grade is the inspectorate's and the force's alone: nobody here hears of it.
    draft = InspectionFactory(force=force, status=Inspection.Status.DRAFT)
    judgment = JudgmentFactory(inspection=draft, area=area("leadership"), grade=grade("good"))
    committed(_in_transaction, record_grade_change, judgment=judgment, previous_grade_id=None)
    assert mail.outbox == []

    time_machine.move_to(TUESDAY + datetime.timedelta(hours=2))
    committed(_in_transaction, publish_inspection, inspection=draft)

    (immediate,) = mail.outbox
    assert immediate.to == ["instant@example.org"]
    assert (
        immediate.subject
        == "Testshire Constabulary: National child protection inspection report published"
    )
    area_name = area("leadership").name
    assert f"Grades: {area_name}: Good." in immediate.body
    assert f"{SITE}{draft.get_absolute_url()}" in immediate.body
    header = immediate.extra_headers["List-Unsubscribe"]
    assert header == f"<{SITE}/follow/unsubscribe/{instant.key}/>"

    # Monday's digest: the weekly follower gets the same event, once.
    mail.outbox.clear()
    time_machine.move_to(NEXT_MONDAY)
    tasks.send_weekly_digests()
    tasks.send_weekly_digests()
    (digest,) = mail.outbox
    assert digest.to == ["weekly@example.org"]
    assert digest.subject == "Weekly summary: 1 change"
    assert (
        "Testshire Constabulary: National child protection inspection report published"
        in digest.body
    )
    assert f"{SITE}/follow/unsubscribe/{weekly.key}/" in digest.body

    # One click in the mail program: a POST to the header's link, with no cookie or token.
    for message in (immediate, digest):
        url = message.extra_headers["List-Unsubscribe"].strip("<>")
        response = client.post(
            url.removeprefix(SITE),
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 200
    assert not Subscriber.objects.exists()

    # Nothing more, however much changes.
    mail.outbox.clear()
    time_machine.move_to(NEXT_MONDAY + datetime.timedelta(days=1))
    corrected = JudgmentFactory(inspection=draft, area=area("partnership"), grade=grade("good"))
    committed(_in_transaction, record_grade_change, judgment=corrected, previous_grade_id=None)
    time_machine.move_to(NEXT_MONDAY + datetime.timedelta(days=7))
    tasks.send_weekly_digests()
    tasks.send_missed_alerts()
    assert mail.outbox == []


def _in_transaction(write, **kwargs):
    with transaction.atomic():
        return write(**kwargs)
