"""Beat's own schedule, walked through a week on a frozen clock, emails the right people.

The entries are built from the Celery app's beat_schedule the way `celery beat` builds them. The
walk sleeps from one due time to the next as beat does, and runs each reminder task beat sends,
so a wrong crontab in settings shows up as an email on the wrong day, at the wrong hour, or not
at all.
"""

import datetime
import re
from dataclasses import dataclass
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery import beat
from django.contrib.auth.models import Group
from django.core.mail import EmailMessage
from django.utils import timezone

from config import celery_app
from inspections import roles
from inspections.models import ForceMembership, Inspection
from recommendations import services
from recommendations.models import FollowUpDuty, SentReminder
from tests.factories import ForceFactory, InspectionFactory, RecommendationFactory, UserFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
SITE_URL = "https://findings.example.org"
FORCE_REMINDERS = "recommendations.tasks.send_force_reminders"
REVIEW_DIGEST = "recommendations.tasks.send_review_digest"


def at(day: int, hour: int, month: int = 7) -> datetime.datetime:
    return datetime.datetime(2025, month, day, hour, tzinfo=LONDON)


# Beat starts at noon on Sunday 6 July 2025, in British Summer Time (an hour ahead of UTC, so
# a schedule kept in UTC would fire an hour late), and runs until noon on Monday 14 July.
START, END = at(6, 12), at(14, 12)


@dataclass
class Sent:
    """One task beat sent: when, which, and the emails it sent."""

    at: datetime.datetime
    task: str
    emails: list[EmailMessage]


def run_beat(traveller, *, until: datetime.datetime, outbox: list) -> list[Sent]:
    """Sleep from one due time to the next as beat does, running the reminder tasks it sends."""
    celery_app.loader.import_default_modules()  # as a worker does on start: autodiscovery
    scheduler = beat.Scheduler(app=celery_app)  # its entries come from conf.beat_schedule
    sent = []
    while True:
        waits = []
        for entry in sorted(scheduler.schedule.values(), key=lambda e: e.name):
            if entry.task not in (FORCE_REMINDERS, REVIEW_DIGEST):
                continue
            is_due, wait = scheduler.is_due(entry)
            if is_due:
                scheduler.reserve(entry)
                before = len(outbox)
                celery_app.tasks[entry.task].apply(throw=True)
                sent.append(Sent(timezone.localtime(), entry.task, outbox[before:]))
            waits.append(wait)
        assert waits, "the beat schedule has no reminder tasks"
        wake = timezone.now() + datetime.timedelta(seconds=min(waits))
        if wake > until:
            return sent
        traveller.move_to(wake)


def items(email: EmailMessage) -> list[tuple[str, str]]:
    """Each reminder in a force leader's email: its line of text and its link."""
    return re.findall(r"^- (.+)\n  (\S+)$", email.body, flags=re.MULTILINE)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def world(clock, settings, gloucestershire, force_leader, inspector, action_plan):
    """Gloucestershire (force A) and Wessex (force B), each with stale, overdue and due work.

    Gloucestershire's action plan is due on Wednesday 16 July, Wessex's on Thursday 10 July.
    """
    settings.SITE_URL = SITE_URL
    older_a = InspectionFactory(force=gloucestershire.force)  # published on 14 March 2025
    stale_a = RecommendationFactory(finding__inspection=older_a, text="Train call handlers.")
    with time_machine.travel(at(20, 9, month=3), tick=False):  # 108 days before the first run
        _update(stale_a, force_leader, "in_progress")
    overdue_a = RecommendationFactory(
        finding__inspection=gloucestershire,
        text="Audit missing-child referrals.",
        due_date=datetime.date(2025, 7, 1),
    )
    claim_a = RecommendationFactory(finding__inspection=gloucestershire, text="Fix the MASH.")
    _update(claim_a, force_leader, "reported_complete")

    wessex = ForceFactory(name="Wessex Police", short_name="Wessex", slug="wessex")
    leader_b = _leader(wessex, "leader-b")
    inspection_b = InspectionFactory(force=wessex)  # published on 14 March 2025
    stale_b = RecommendationFactory(finding__inspection=inspection_b, text="Review strategy.")
    overdue_b = RecommendationFactory(
        finding__inspection=inspection_b,
        text="Appoint a safeguarding lead.",
        due_date=datetime.date(2025, 6, 30),
    )
    _update(overdue_b, leader_b, "in_progress")
    claim_b = RecommendationFactory(finding__inspection=inspection_b, text="Brief officers.")
    _update(claim_b, leader_b, "reported_complete")
    plan_b = FollowUpDuty.objects.create(
        inspection=inspection_b,
        kind=FollowUpDuty.Kind.ACTION_PLAN,
        due_date=datetime.date(2025, 7, 10),
    )
    RecommendationFactory(  # a draft's work is nobody's reminder yet
        finding__inspection=InspectionFactory(
            force=wessex, status=Inspection.Status.DRAFT, published=None
        ),
        text="Draft recommendation.",
        due_date=datetime.date(2025, 6, 1),
    )
    second_inspector = UserFactory(username="inspector-2")
    second_inspector.groups.add(Group.objects.get(name=roles.INSPECTORS))
    _leader(ForceFactory(name="Mercia Police", short_name="Mercia"), "leader-c")  # nothing due

    return SimpleNamespace(
        leader_a=force_leader,
        leader_b=leader_b,
        inspectors=[inspector, second_inspector],
        stale_a=stale_a,
        overdue_a=overdue_a,
        claim_a=claim_a,
        plan_a=action_plan,
        stale_b=stale_b,
        overdue_b=overdue_b,
        claim_b=claim_b,
        plan_b=plan_b,
    )


@pytest.fixture
def week(world, clock, mailoutbox) -> list[Sent]:
    return run_beat(clock, until=END, outbox=mailoutbox)


def test_beat_sends_force_reminders_daily_at_7_and_the_digest_on_mondays_at_8(week):
    expected = [(at(day, 7), FORCE_REMINDERS) for day in range(7, 15)]
    expected += [(at(7, 8), REVIEW_DIGEST), (at(14, 8), REVIEW_DIGEST)]
    assert [(s.at, s.task) for s in week] == sorted(expected)


def test_each_email_goes_to_the_right_person_on_the_right_morning(week):
    sent = [(s.at, email.to, email.subject) for s in week for email in s.emails]
    leader_a, leader_b = ["leader@example.org"], ["leader-b@example.org"]
    inspectors = [["inspector@example.org"], ["inspector-2@example.org"]]
    digest = "Inspection findings: 2 claims waiting for review"
    assert sent == [
        (at(7, 7), leader_a, "Inspection findings: 2 reminders for Gloucestershire"),
        (at(7, 7), leader_b, "Inspection findings: 3 reminders for Wessex"),
        *[(at(7, 8), to, digest) for to in inspectors],
        (at(9, 7), leader_a, "Inspection findings: 1 reminder for Gloucestershire"),
        (at(11, 7), leader_b, "Inspection findings: 1 reminder for Wessex"),
        (at(14, 7), leader_a, "Inspection findings: 1 reminder for Gloucestershire"),
        (at(14, 7), leader_b, "Inspection findings: 2 reminders for Wessex"),
        *[(at(14, 8), to, digest) for to in inspectors],
    ]


def test_each_force_leader_is_reminded_of_their_own_forces_work_only(world, week):
    w = world
    stale_a = ("No progress update in 90 days: Train call handlers.", _link(w.stale_a))
    overdue_a = ("Overdue since 1 July 2025: Audit missing-child referrals.", _link(w.overdue_a))
    plan_a = (
        "Action plan due on 16 July 2025 (Child protection, 21 May 2025)",
        f"{SITE_URL}/tracking/duties/{w.plan_a.pk}/submitted/",
    )
    stale_b = ("No progress update in 90 days: Review strategy.", _link(w.stale_b))
    overdue_b = ("Overdue since 30 June 2025: Appoint a safeguarding lead.", _link(w.overdue_b))
    plan_b_link = f"{SITE_URL}/tracking/duties/{w.plan_b.pk}/submitted/"
    plan_b_due = ("Action plan due on 10 July 2025 (Child protection, 14 March 2025)", plan_b_link)
    plan_b_late = (
        "Action plan overdue since 10 July 2025 (Child protection, 14 March 2025)",
        plan_b_link,
    )

    reminders = {
        (s.at.day, email.to[0]): email
        for s in week
        if s.task == FORCE_REMINDERS
        for email in s.emails
    }
    assert {key: items(email) for key, email in reminders.items()} == {
        (7, w.leader_a.email): [stale_a, overdue_a],
        (7, w.leader_b.email): [stale_b, overdue_b, plan_b_due],
        (9, w.leader_a.email): [plan_a],
        (11, w.leader_b.email): [plan_b_late],
        (14, w.leader_a.email): [overdue_a],
        (14, w.leader_b.email): [overdue_b, plan_b_late],
    }
    forces = {
        w.leader_a.email: ("Gloucestershire", "Wessex"),
        w.leader_b.email: ("Wessex", "Gloucestershire"),
    }
    for (_, to), email in reminders.items():
        own, other = forces[to]
        assert f"These need attention for {own}" in email.body
        assert other not in email.subject + email.body
        assert "Mercia" not in email.body
        assert "Draft recommendation" not in email.body


def test_inspectors_get_the_digest_of_every_forces_claims_on_mondays_only(world, week):
    digests = [(s.at, email) for s in week if s.task == REVIEW_DIGEST for email in s.emails]
    assert [(when.strftime("%A %H:%M"), email.to) for when, email in digests] == [
        ("Monday 08:00", [inspector.email]) for inspector in world.inspectors
    ] * 2
    for _, email in digests:
        assert "2 claims of completion are waiting for review:\n" in email.body
        assert "- Gloucestershire: Fix the MASH.\n" in email.body
        assert "- Wessex: Brief officers.\n" in email.body
        assert f"Review them here: {SITE_URL}/tracking/review/\n" in email.body

    leaders = {world.leader_a.email, world.leader_b.email}
    assert all(email.to[0] not in leaders for _, email in digests)
    inspectors = {inspector.email for inspector in world.inspectors}
    reminded = {email.to[0] for s in week if s.task == FORCE_REMINDERS for email in s.emails}
    assert reminded == leaders and not reminded & inspectors


def test_nothing_is_sent_twice_for_the_same_thing_in_the_same_period(week, clock, mailoutbox):
    quiet_days = [s.at.day for s in week if s.task == FORCE_REMINDERS and not s.emails]
    assert quiet_days == [8, 10, 12, 13]  # the task ran on these days; nothing new was due

    sent, claims = len(mailoutbox), SentReminder.objects.count()
    clock.move_to(at(14, 18))  # both tasks again, late on the Monday
    celery_app.tasks[FORCE_REMINDERS].apply(throw=True)
    celery_app.tasks[REVIEW_DIGEST].apply(throw=True)
    assert len(mailoutbox) == sent
    assert SentReminder.objects.count() == claims

    lines = [
        (s.at.isocalendar().week, e.to[0], line)
        for s in week
        for e in s.emails
        for line in items(e)
    ]
    assert len(set(lines)) == len(lines)  # nothing twice to anyone within a week


def test_every_link_in_every_email_is_absolute(week):
    emails = _all(week)
    links = [link for email in emails for link in re.findall(r"\S*/tracking/\S*", email.body)]
    assert len(links) == 14
    assert all(link.startswith(f"{SITE_URL}/tracking/") for link in links)


def test_the_reminders_keep_to_london_time_across_the_clock_change(clock, mailoutbox):
    # Clocks go back at 02:00 on Sunday 26 October 2025: 07:00 is 06:00 UTC before, 07:00 after.
    clock.move_to(at(25, 0, month=10))
    week = run_beat(clock, until=at(27, 12, month=10), outbox=mailoutbox)
    assert [(s.at, s.task) for s in week] == [
        (at(25, 7, month=10), FORCE_REMINDERS),
        (at(26, 7, month=10), FORCE_REMINDERS),
        (at(27, 7, month=10), FORCE_REMINDERS),
        (at(27, 8, month=10), REVIEW_DIGEST),
    ]
    assert [s.at.utcoffset() for s in week] == [datetime.timedelta(hours=h) for h in (1, 0, 0, 0)]


def _all(week: list[Sent]) -> list[EmailMessage]:
    return [email for s in week for email in s.emails]


def _link(recommendation) -> str:
    return f"{SITE_URL}/tracking/recommendations/{recommendation.pk}/"


def _update(recommendation, author, force_status: str) -> None:
    services.record_progress(
        recommendation=recommendation,
        author=author,
        force_status=force_status,
        narrative="Progress reported.",
        effective_on=timezone.localdate(),
    )


def _leader(force, username: str):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=roles.FORCE_LEADERS))
    ForceMembership.objects.create(user=user, force=force)
    return user
