"""Writes for the change log: the one way an event is recorded."""

from django.db import transaction

from alerts.scheduling import queue_alerts
from changes.models import ChangeEvent, Visibility
from inspections.choices import InspectionStatus


def record_change(
    *,
    kind: str,
    inspection,
    recommendation=None,
    duty=None,
    area_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
) -> ChangeEvent:
    """Record one event in the caller's transaction, so a rolled-back change leaves none.

    The force and programme come from the inspection. The event is public only if the
    inspection is published now (see ChangeEvent for why a draft's events stay private).
    Callers pass what changed in plain values, never a progress narrative. Once the
    transaction commits, the followers of the force or programme are emailed (alerts).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_change must run inside the change's transaction.")
    published = inspection.status == InspectionStatus.PUBLISHED
    event = ChangeEvent.objects.create(
        kind=kind,
        force_id=inspection.force_id,
        programme_id=inspection.programme_id,
        area_id=area_id,
        inspection=inspection,
        recommendation=recommendation,
        duty=duty,
        before=before or {},
        after=after or {},
        visibility=Visibility.PUBLIC if published else Visibility.INSPECTORATE_AND_FORCE,
    )
    queue_alerts(event)
    return event


def record_publication(*, inspection, before: dict | None = None) -> ChangeEvent:
    """Record that an inspection was published, with the grades it was published with."""
    grades = dict(inspection.judgments.values_list("area__name", "grade__name"))
    return record_change(
        kind=ChangeEvent.Kind.INSPECTION_PUBLISHED,
        inspection=inspection,
        before=before,
        after={
            "status": inspection.status,
            "published": inspection.published.isoformat() if inspection.published else None,
            "precision": inspection.published_precision,
            "grades": grades,
        },
    )
