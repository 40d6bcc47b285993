"""Queue one indicator recompute per changed force, once its transaction has committed.

Every write that can move a figure asks for it explicitly with `queue_recompute`: the services,
the report and grade importers, the reference data and the admin (`RecomputeAdminMixin`).
Nothing listens for saves, so a change made in a shell or with SQL queues nothing: run
`manage.py recompute_indicators` after it, or the nightly `recompute_all` catches up.
"""

import functools
import logging

from asgiref.local import Local
from django.db import transaction
from django.utils import timezone

from config.celery import BROKER_ERRORS
from dashboards.models import ForceIndicatorState
from dashboards.versioning import bump_version

logger = logging.getLogger(__name__)
_this_commit = Local()  # per thread and async context, as Django's connections are


def queue_recompute(force_id: int | None) -> None:
    """Rebuild the force's indicators once the current transaction commits (at once outside
    one): once per force however often a transaction asks, and never after a rollback."""
    if force_id is None:
        return
    # Each call registers a callback of its own, which Django discards with a rolled-back
    # transaction or savepoint; one commit's callbacks then run in turn, each skipping a force
    # an earlier one queued. A call comes while its transaction is open, after the previous
    # commit's callbacks have all run: what those queued is forgotten here.
    _this_commit.queued = set()
    transaction.on_commit(functools.partial(_enqueue_once, force_id))


def _enqueue_once(force_id: int) -> None:
    if force_id not in _this_commit.queued:
        _this_commit.queued.add(force_id)
        enqueue_recompute(force_id)


def enqueue_recompute(force_id: int) -> None:
    """Queue the recompute; if the broker is unreachable, mark the force stale and go on."""
    from dashboards.tasks import recompute_force

    try:
        recompute_force.delay(force_id)
    except BROKER_ERRORS as error:
        logger.warning("Could not queue the indicator recompute of force %s: %s", force_id, error)
        state, _ = ForceIndicatorState.objects.get_or_create(force_id=force_id)
        if not state.stale:
            ForceIndicatorState.objects.filter(pk=state.pk).update(
                stale=True, stale_since=timezone.now()
            )
            bump_version()


class RecomputeAdminMixin:
    """A ModelAdmin mixin: an add, a change (of the object or its inlines) or a delete queues
    the recompute of the forces it touched, those before the change included.

    `force_lookup` leads from the model to its forces' ids (a theme or measure has many).
    Saving an unchanged form, or a change only to `no_figure_fields`, queues nothing.
    """

    force_lookup = "inspection__force_id"
    no_figure_fields: frozenset[str] = frozenset()

    def save_model(self, request, obj, form, change):
        before = self._force_ids(pk=obj.pk) if change else set()
        super().save_model(request, obj, form, change)
        if not change or set(form.changed_data) - self.no_figure_fields:
            self._queue(before | self._force_ids(pk=obj.pk))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if any(formset.has_changed() for formset in formsets):
            self._queue(self._force_ids(pk=form.instance.pk))

    def delete_model(self, request, obj):
        force_ids = self._force_ids(pk=obj.pk)
        super().delete_model(request, obj)
        self._queue(force_ids)

    def delete_queryset(self, request, queryset):
        force_ids = self._force_ids(pk__in=queryset.values("pk"))
        super().delete_queryset(request, queryset)
        self._queue(force_ids)

    def _force_ids(self, **lookup) -> set[int]:
        rows = self.model._default_manager.filter(**lookup)
        return set(rows.values_list(self.force_lookup, flat=True))

    @staticmethod
    def _queue(force_ids: set[int | None]) -> None:
        for force_id in sorted(force_id for force_id in force_ids if force_id is not None):
            queue_recompute(force_id)
