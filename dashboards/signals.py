"""Changes to inspection data queue a recompute of the force they belong to.

Receivers rather than service calls, so that every entry point (admin, importer, API, shell)
keeps indicators fresh; they carry no business rule, only 'this force changed'.
"""

from django.db.models.signals import post_delete, post_save

from dashboards.scheduling import schedule_recompute


def connect() -> None:
    from findings.models import CaseFileStatistic, Finding
    from inspections.models import Inspection, Judgment
    from recommendations.models import (
        DueDateRevision,
        FollowUpDuty,
        ProgressUpdate,
        Recommendation,
    )

    watched = {
        Inspection: lambda row: row.force_id,
        Judgment: _force_via_inspection,
        Finding: _force_via_inspection,
        CaseFileStatistic: _force_via_inspection,
        Recommendation: _force_via_inspection,
        FollowUpDuty: _force_via_inspection,
        ProgressUpdate: _force_via_recommendation,
        DueDateRevision: _force_via_recommendation,
    }
    for model, force_of in watched.items():
        receiver = _receiver(force_of)
        for signal in (post_save, post_delete):
            signal.connect(
                receiver,
                sender=model,
                weak=False,
                dispatch_uid=f"indicators-{signal is post_save}-{model.__name__}",
            )


def _receiver(force_of):
    def receiver(sender, instance, raw=False, **kwargs):
        if not raw:  # loaddata writes half-related rows; the loader recomputes afterwards
            schedule_recompute(force_of(instance))

    return receiver


def _force_via_inspection(row) -> int | None:
    from inspections.models import Inspection

    cached = row._state.fields_cache.get("inspection")
    if cached is not None:
        return cached.force_id
    return (
        Inspection.objects.filter(pk=row.inspection_id).values_list("force_id", flat=True).first()
    )


def _force_via_recommendation(row) -> int | None:
    from recommendations.models import Recommendation

    return (
        Recommendation.objects.filter(pk=row.recommendation_id)
        .values_list("inspection__force_id", flat=True)
        .first()
    )
