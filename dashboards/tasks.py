"""Celery entry points for keeping indicators fresh: thin, by id, safe to repeat."""

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from config.celery import RETRY
from dashboards import services
from inspections.models import Force


@shared_task(**RETRY)
def recompute_force(force_id: int) -> None:
    """Rebuild one force's indicators; running it twice changes nothing."""
    force = Force.objects.filter(pk=force_id).first()
    if force is None:
        return  # deleted after the task was queued
    services.recompute_force_indicators(force=force)


@shared_task(**RETRY)
def recompute_all() -> None:
    """Rebuild every indicator, catching up on anything a failed queue missed."""
    services.recompute_all_indicators()


@shared_task(**RETRY)
def check_overdue() -> None:
    """Rebuild forces whose indicators are stale or date from before today.

    Overdue counts and action-plan status are as of a day, and a force whose recompute could
    not be queued is marked stale: both catch up here.
    """
    today_start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    behind = Q(indicator_state__stale=True) | Q(indicator_state__computed_at__lt=today_start)
    behind |= Q(indicator_state__isnull=True) | Q(indicator_state__computed_at__isnull=True)
    for force in Force.objects.filter(behind):
        services.recompute_force_indicators(force=force)
