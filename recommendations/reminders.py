"""Reminder emails: force leaders about stale, due and overdue work; inspectors about claims.

Each reminder is claimed before it is sent: a SentReminder row, unique per kind, recipient,
thing and period, whose sent_at is set by a conditional UPDATE. Two workers racing for the
same reminder both insert-or-get the one row, and only the one whose UPDATE changes it sends.
If sending to one recipient fails, its claims are released and the others are still sent; the
run then raises DeliveryFailed so the task retries just the released ones.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from inspections import policy
from inspections.models import Force, Inspection
from recommendations.models import FollowUpDuty, Recommendation, SentReminder
from recommendations.wording import inspection_label

logger = logging.getLogger(__name__)

STALE_AFTER = datetime.timedelta(days=90)
PLAN_DUE_WITHIN = datetime.timedelta(days=7)
Kind = SentReminder.Kind


class DeliveryFailed(Exception):
    """Some reminder emails could not be sent; their claims were released for a retry."""


@dataclass(frozen=True)
class Item:
    kind: str
    object_id: int
    period: str
    text: str
    url: str


def send_force_reminders(*, today: datetime.date) -> int:
    """Email each force's leaders what needs attention; return the number of emails sent."""
    sent = failed = 0
    for force in Force.objects.filter(memberships__isnull=False).distinct().order_by("name"):
        items = force_reminder_items(force=force, today=today)
        if not items:
            continue
        for leader in _leaders(force):
            claimed = [item for item in items if _claim(leader, item)]
            if claimed:
                delivered = _send(
                    leader,
                    claimed,
                    subject=f"Inspection findings: {len(claimed)} reminder"
                    f"{'s' if len(claimed) != 1 else ''} for {force.short_name}",
                    template="recommendations/email/force_reminder.txt",
                    context={"force": force},
                )
                sent, failed = sent + delivered, failed + (not delivered)
    _raise_if_failed(failed, sent)
    return sent


def send_review_digest(*, today: datetime.date) -> int:
    """Email each inspector this week's list of claims waiting for review, once a week."""
    waiting = list(
        Recommendation.objects.published()
        .awaiting_review()
        .select_related("inspection__force", "inspection__programme", "finding")
        .order_by("inspection__force__name", "pk")
    )
    if not waiting:
        return 0
    digest = Item(Kind.REVIEW_DIGEST, 0, _week(today), "", _url("recommendations:review_queue"))
    sent = failed = 0
    for inspector in _inspectors():
        if _claim(inspector, digest):
            delivered = _send(
                inspector,
                [digest],
                subject=f"Inspection findings: {len(waiting)} claim"
                f"{'s' if len(waiting) != 1 else ''} waiting for review",
                template="recommendations/email/review_digest.txt",
                context={"waiting": waiting, "queue_url": digest.url},
            )
            sent, failed = sent + delivered, failed + (not delivered)
    _raise_if_failed(failed, sent)
    return sent


def force_reminder_items(*, force: Force, today: datetime.date) -> list[Item]:
    """What a force's leaders are reminded of today, each with the period it is sent once in."""
    items = []
    published = Recommendation.objects.published().filter(inspection__force=force).open()
    stale_before = timezone.make_aware(
        datetime.datetime.combine(today - STALE_AFTER, datetime.time.min)
    )
    stale = published.annotate(last=Max("progress_updates__created_at")).filter(
        Q(last__lt=stale_before)
        | Q(last__isnull=True, inspection__published__lt=today - STALE_AFTER)
    )
    for r in stale.select_related("finding").order_by("pk"):
        items.append(
            Item(
                Kind.NO_RECENT_UPDATE,
                r.pk,
                f"{today:%Y-%m}",
                f"No progress update in 90 days: {_short(r.full_text)}",
                _recommendation_url(r),
            )
        )
    for r in published.overdue(today).select_related("finding").order_by("due_date", "pk"):
        items.append(
            Item(
                Kind.RECOMMENDATION_OVERDUE,
                r.pk,
                _week(today),
                f"Overdue since {r.due_date:%-d %B %Y}: {_short(r.full_text)}",
                _recommendation_url(r),
            )
        )
    plans = FollowUpDuty.objects.filter(
        inspection__force=force,
        inspection__status=Inspection.Status.PUBLISHED,
        kind=FollowUpDuty.Kind.ACTION_PLAN,
        submitted_on__isnull=True,
    ).select_related("inspection__programme")
    for duty in plans.order_by("due_date", "pk"):
        where = inspection_label(duty.inspection)
        if today <= duty.due_date <= today + PLAN_DUE_WITHIN:
            items.append(
                Item(
                    Kind.ACTION_PLAN_DUE,
                    duty.pk,
                    duty.due_date.isoformat(),
                    f"Action plan due on {duty.due_date:%-d %B %Y} ({where})",
                    _url("recommendations:duty_submitted", duty.pk),
                )
            )
        elif duty.due_date < today:
            items.append(
                Item(
                    Kind.ACTION_PLAN_OVERDUE,
                    duty.pk,
                    _week(today),
                    f"Action plan overdue since {duty.due_date:%-d %B %Y} ({where})",
                    _url("recommendations:duty_submitted", duty.pk),
                )
            )
    return items


def _claim(recipient, item: Item) -> bool:
    reminder, _ = SentReminder.objects.get_or_create(
        kind=item.kind, recipient=recipient, object_id=item.object_id, period=item.period
    )
    return (
        SentReminder.objects.filter(pk=reminder.pk, sent_at__isnull=True).update(
            sent_at=timezone.now()
        )
        == 1
    )


def _release(recipient, items: list[Item]) -> None:
    for item in items:
        SentReminder.objects.filter(
            kind=item.kind, recipient=recipient, object_id=item.object_id, period=item.period
        ).update(sent_at=None)


def _send(recipient, items: list[Item], *, subject: str, template: str, context: dict) -> bool:
    """Send one email; on failure release its claims so a later run sends it."""
    body = render_to_string(template, {**context, "recipient": recipient, "items": items})
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
    except Exception:
        _release(recipient, items)
        logger.exception("Could not send %r to %s; it will be tried again", subject, recipient)
        return False
    return True


def _raise_if_failed(failed: int, sent: int) -> None:
    if failed:
        raise DeliveryFailed(f"{failed} reminder email(s) could not be sent ({sent} were sent)")


def _leaders(force: Force):
    return policy.force_leaders(force).exclude(email="").order_by("pk")


def _inspectors():
    return policy.inspectors().exclude(email="").order_by("pk")


def _week(today: datetime.date) -> str:
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def _short(text: str) -> str:
    return text if len(text) <= 120 else text[:117] + "…"


def _url(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _recommendation_url(recommendation: Recommendation) -> str:
    return _url("recommendations:recommendation", recommendation.pk)
