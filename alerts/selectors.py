"""Reads for following by email."""

from django.db.models import QuerySet

from alerts.models import Subscription


def account_follows(*, user) -> QuerySet[Subscription]:
    """What a signed-in account's own address follows, forces first, by name."""
    return (
        Subscription.objects.filter(subscriber__user=user)
        .select_related("force", "programme")
        .order_by("programme__name", "force__name")
    )
