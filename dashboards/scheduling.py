"""Queue one indicator recompute per changed force, once its transaction has committed."""

import logging

from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from dashboards.models import ForceIndicatorState
from dashboards.versioning import bump_version

logger = logging.getLogger(__name__)


class _Batch:
    """The forces changed in one transaction; called once when it commits."""

    def __init__(self) -> None:
        self.force_ids: set[int] = set()

    def __call__(self) -> None:
        for force_id in sorted(self.force_ids):
            enqueue_recompute(force_id)


def schedule_recompute(force_id: int | None) -> None:
    """Ask for the force's indicators to be rebuilt after commit, once per transaction."""
    if force_id is None:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        enqueue_recompute(force_id)
        return
    # Django drops pending on-commit callbacks on rollback, so a batch found here belongs to
    # the transaction still open.
    batch = next((c for _, c, _ in connection.run_on_commit if isinstance(c, _Batch)), None)
    if batch is None:
        batch = _Batch()
        transaction.on_commit(batch)
    batch.force_ids.add(force_id)


def enqueue_recompute(force_id: int) -> None:
    """Queue the recompute; if the broker is unreachable, mark the force stale and go on."""
    from dashboards.tasks import recompute_force

    try:
        recompute_force.delay(force_id)
    except (BrokerError, RedisError, OSError) as error:
        logger.warning("Could not queue the indicator recompute of force %s: %s", force_id, error)
        state, _ = ForceIndicatorState.objects.get_or_create(force_id=force_id)
        if not state.stale:
            ForceIndicatorState.objects.filter(pk=state.pk).update(
                stale=True, stale_since=timezone.now()
            )
            bump_version()
