"""Reads for following by email."""

from django.db.models import F, QuerySet

from alerts.models import Subscriber, Subscription


def follows(*, subscriber: Subscriber) -> QuerySet[Subscription]:
    """What an address follows: forces first, then programmes, each by name."""
    return _by_name(subscriber.subscriptions.all())


def account_follows(*, user) -> QuerySet[Subscription]:
    """What a signed-in account's own address follows, as `follows` orders it."""
    return _by_name(Subscription.objects.filter(subscriber__user=user))


def _by_name(subscriptions: QuerySet[Subscription]) -> QuerySet[Subscription]:
    # A force's follow has no programme: NULL first on every database, so forces come first.
    return subscriptions.select_related("force", "programme").order_by(
        F("programme__name").asc(nulls_first=True), "force__name"
    )
