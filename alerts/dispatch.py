"""Sending alerts: which events each follower gets, each claimed once, emailed in batches.

An address gets the events of the forces and programmes it follows (confirmed), recorded
after it confirmed that follow, that it may see: an address of nobody in particular only
public events; one linked to an account what the policy lets the account see (VIEW, as
`ChangeEvent.objects.visible_to` does), such as a force leader their own force's embargo.

Before an email goes, its events are claimed: Delivery rows inserted in bulk with this run's
claim token (a pair already there is another sender's, or sent, and is skipped), then read
back. A batch's emails go over one connection. An email that fails releases its claims
(deletes the rows) and its subscriber is handed back for a retry, so nobody is sent an event
twice. A claim whose sender died before sending is kept: at most once wins over at least once.
"""

import datetime
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alerts.emails import build_message, unsubscribe_url
from alerts.models import Delivery, Frequency, Subscriber, Subscription
from changes.describe import Description, describe
from changes.models import ChangeEvent, Visibility
from inspections import policy

logger = logging.getLogger(__name__)

BATCH_SIZE = 500  # subscribers per send task: 10,000 followers make 20 tasks
# A digest lists the past week's events, and a day more so that a late or retried run
# misses none; the claims keep an event in the overlap from going twice.
DIGEST_LOOKBACK = datetime.timedelta(days=8)


class DeliveryFailed(Exception):
    """Some alert emails could not be sent; their claims were released for a retry."""


@dataclass(frozen=True)
class _Outgoing:
    subscriber_id: int
    event_ids: list[int]
    message: object


def has_followers(event: ChangeEvent) -> bool:
    """Whether anyone follows the event's force or programme closely enough to be emailed it."""
    return _followers(event, Frequency.IMMEDIATE).exists()


def immediate_batches(event: ChangeEvent, *, size: int = BATCH_SIZE) -> Iterator[list[int]]:
    """The ids of the event's immediate followers not yet sent it, a batch at a time."""
    return _keyset(_followers(event, Frequency.IMMEDIATE), size)


def weekly_batches(*, size: int = BATCH_SIZE) -> Iterator[list[int]]:
    """The ids of the addresses with a confirmed weekly follow, a batch at a time."""
    weekly = Subscription.objects.filter(frequency=Frequency.WEEKLY, confirmed_at__isnull=False)
    return _keyset(Subscriber.objects.filter(pk__in=weekly.values("subscriber_id")), size)


def send_event(*, event_id: int, subscriber_ids: list[int]) -> list[int]:
    """Email one event to each of these subscribers that should have it and has not had it;
    return those whose email failed (their claims released)."""
    event = ChangeEvent.objects.described().filter(pk=event_id).first()
    if event is None:
        return []  # deleted with its force since it was queued
    follows_force = Subscription.objects.filter(
        subscriber=OuterRef("pk"),
        force_id=event.force_id,
        frequency=Frequency.IMMEDIATE,
        confirmed_at__isnull=False,
    )
    followers = (
        _followers(event, Frequency.IMMEDIATE)
        .filter(pk__in=subscriber_ids)
        .annotate(follows_force=Exists(follows_force))
        .select_related("user__force_membership")
        .order_by("pk")
    )
    wanted = {s: [event] for s in followers if _may_see(s, event)}
    token, claimed = _claim(wanted)
    description = describe(event)
    outgoing = [
        _Outgoing(
            subscriber.pk,
            [event.pk],
            _change_message(subscriber, event, description),
        )
        for subscriber in wanted
        if (subscriber.pk, event.pk) in claimed
    ]
    return _send(outgoing, token)


def send_digests(*, subscriber_ids: list[int], until: datetime.datetime) -> list[int]:
    """Email each of these subscribers one digest of the events of its weekly follows in the
    week to `until` that it has not had; return those whose email failed."""
    follows = defaultdict(list)
    weekly = Subscription.objects.filter(
        subscriber_id__in=subscriber_ids, frequency=Frequency.WEEKLY, confirmed_at__isnull=False
    ).select_related("force", "programme")
    for follow in weekly.order_by("pk"):
        follows[follow.subscriber_id].append(follow)
    if not follows:
        return []
    events = _digest_events(follows, until)
    delivered = set(
        Delivery.objects.filter(subscriber_id__in=follows, event__in=events).values_list(
            "subscriber_id", "event_id"
        )
    )
    wanted = {}
    for subscriber in Subscriber.objects.filter(pk__in=follows).select_related(
        "user__force_membership"
    ):
        own = follows[subscriber.pk]
        wanted[subscriber] = [
            event
            for event in events
            if (subscriber.pk, event.pk) not in delivered
            and any(_covers(follow, event) for follow in own)
            and _may_see(subscriber, event)
        ]
    token, claimed = _claim(wanted)
    descriptions = {event.pk: describe(event) for event in events}  # once, for every digest
    outgoing = []
    for subscriber, theirs in wanted.items():
        mine = [event for event in theirs if (subscriber.pk, event.pk) in claimed]
        if mine:  # nothing new: no email
            message = _digest_message(subscriber, mine, follows[subscriber.pk], descriptions)
            outgoing.append(_Outgoing(subscriber.pk, [e.pk for e in mine], message))
    return _send(outgoing, token)


def _followers(event: ChangeEvent, frequency: str) -> QuerySet[Subscriber]:
    """The addresses following the event's force or programme at this frequency since before
    it happened, not yet sent it; for a private event, only those linked to an account."""
    about = Q(force_id=event.force_id)
    if event.programme_id is not None:
        about |= Q(programme_id=event.programme_id)
    follows = Subscription.objects.filter(
        about, frequency=frequency, confirmed_at__lte=event.happened_at
    )
    subscribers = Subscriber.objects.filter(pk__in=follows.values("subscriber_id")).exclude(
        pk__in=Delivery.objects.filter(event=event).values("subscriber_id")
    )
    if event.visibility != Visibility.PUBLIC:
        subscribers = subscribers.filter(user__isnull=False)
    return subscribers


def _keyset(subscribers: QuerySet[Subscriber], size: int) -> Iterator[list[int]]:
    """Walk the ids in order a page at a time, never holding more than one page."""
    last = 0
    while ids := list(
        subscribers.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size]
    ):
        yield ids
        last = ids[-1]


def _may_see(subscriber: Subscriber, event: ChangeEvent) -> bool:
    if event.visibility == Visibility.PUBLIC:
        return True
    user = subscriber.user
    return user is not None and user.is_active and policy.allows(user, policy.VIEW, event)


def _covers(follow: Subscription, event: ChangeEvent) -> bool:
    about = follow.force_id == event.force_id or (
        follow.programme_id is not None and follow.programme_id == event.programme_id
    )
    return about and follow.confirmed_at <= event.happened_at


def _digest_events(follows: dict, until: datetime.datetime) -> list[ChangeEvent]:
    """The week's events of any force or programme these subscribers follow, by force."""
    force_ids = {f.force_id for own in follows.values() for f in own if f.force_id}
    programme_ids = {f.programme_id for own in follows.values() for f in own if f.programme_id}
    return list(
        ChangeEvent.objects.described()
        .filter(happened_at__gte=until - DIGEST_LOOKBACK, happened_at__lt=until)
        .filter(Q(force_id__in=force_ids) | Q(programme_id__in=programme_ids))
        .order_by("force__name", "happened_at", "pk")
    )


def _claim(wanted: dict[Subscriber, list[ChangeEvent]]) -> tuple[uuid.UUID, set[tuple]]:
    """Insert a claim for each pair; return this run's token and the pairs it now holds."""
    token = uuid.uuid4()
    rows = [
        Delivery(subscriber_id=subscriber.pk, event_id=event.pk, claim=token)
        for subscriber, events in wanted.items()
        for event in events
    ]
    if not rows:
        return token, set()
    Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    held = Delivery.objects.filter(claim=token).values_list("subscriber_id", "event_id")
    return token, set(held)


def _send(outgoing: list[_Outgoing], token: uuid.UUID) -> list[int]:
    """Send the emails over one connection, mark those sent, release the claims of the rest;
    return the subscribers to try again.

    An email cut short by anything but a refusal (the task's time limit, say) may have gone,
    so its claim is kept; the emails not yet tried are released with the refused ones.
    """
    if not outgoing:
        return []  # no connection for nothing to send
    sent, failed, tried = [], [], 0
    try:
        with get_connection() as connection:  # opened once for the whole batch
            for item in outgoing:
                tried += 1
                (sent if _send_one(connection, item) else failed).append(item)
    except (OSError, ValueError):  # SMTP errors are OSErrors
        logger.exception("Could not reach the mail server for %s alert emails", len(outgoing))
    finally:
        failed += outgoing[tried:]
        mine = Delivery.objects.filter(claim=token)
        mine.filter(subscriber_id__in=[item.subscriber_id for item in sent]).update(
            sent_at=timezone.now()
        )
        mine.filter(subscriber_id__in=[item.subscriber_id for item in failed]).delete()
    return [item.subscriber_id for item in failed]


def _send_one(connection, item: _Outgoing) -> bool:
    try:
        return connection.send_messages([item.message]) == 1
    except (OSError, ValueError):  # the address or the server refused it: try again later
        logger.exception("Could not send an alert email to subscriber %s", item.subscriber_id)
        return False


def _change_message(subscriber: Subscriber, event: ChangeEvent, description: Description):
    followed = event.force.name if subscriber.follows_force else event.programme.name
    reason = _(
        "You get this email because this address follows %(name)s, with an email for each change."
    ) % {"name": followed}
    return build_message(
        to=subscriber.email,
        subject=description.title,
        text_template="alerts/email/change.txt",
        html_template="alerts/email/change.html",
        context={"description": description, "reason": reason, **_links(subscriber)},
        subscriber=subscriber,
    )


def _digest_message(
    subscriber: Subscriber, events: list[ChangeEvent], follows: list, descriptions: dict
):
    groups = []
    for event in events:  # ordered by force
        if not groups or groups[-1]["force"] != event.force.name:
            groups.append({"force": event.force.name, "descriptions": []})
        groups[-1]["descriptions"].append(descriptions[event.pk])
    count = len(events)
    names = ", ".join(sorted((follow.force or follow.programme).name for follow in follows))
    reason = _("You get this weekly summary because this address follows %(names)s.") % {
        "names": names
    }
    subject = ngettext(
        "Weekly summary: %(count)s change", "Weekly summary: %(count)s changes", count
    ) % {"count": count}
    return build_message(
        to=subscriber.email,
        subject=subject,
        text_template="alerts/email/digest.txt",
        html_template="alerts/email/digest.html",
        context={"groups": groups, "count": count, "reason": reason, **_links(subscriber)},
        subscriber=subscriber,
    )


def _links(subscriber: Subscriber) -> dict:
    """Where to change what is followed: the account page of an account's own address,
    otherwise the address's own page, which its unsubscribe link opens."""
    if subscriber.user_id:
        return {"manage_url": settings.SITE_URL + reverse("accounts:account")}
    return {"manage_url": unsubscribe_url(subscriber)}
