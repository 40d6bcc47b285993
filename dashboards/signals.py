"""Changes to inspection data queue a recompute of the force they belong to.

Receivers rather than service calls, so that every entry point (admin, importer, API, shell)
keeps indicators fresh; they carry no business rule, only 'this force changed'.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from dashboards.scheduling import schedule_recompute


def connect() -> None:
    from findings.models import CaseFileStatistic, Finding, OtherFigure
    from inspections.models import GradeCount, Inspection, Judgment
    from recommendations.models import (
        DueDateRevision,
        FollowUpDuty,
        ProgressUpdate,
        Recommendation,
    )

    watched = {
        Inspection: lambda row: row.force_id,
        Judgment: _force_via_inspection,
        GradeCount: _force_via_inspection,
        Finding: _force_via_inspection,
        CaseFileStatistic: _force_via_inspection,
        OtherFigure: _force_via_inspection,  # no indicator, but cached inspection pages show it
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
    # Theme indicators count the themes tagged on findings and recommendations.
    for model in (Finding, Recommendation):
        m2m_changed.connect(
            _themes_changed,
            sender=model.themes.through,
            weak=False,
            dispatch_uid=f"indicators-themes-{model.__name__}",
        )


def _themes_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    # Before a clear, while the rows it removes can still be found; after adds and removes.
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if not reverse:  # a finding's or recommendation's themes changed
        schedule_recompute(_force_via_inspection(instance))
        return
    # A theme's findings or recommendations changed: model is Finding or Recommendation.
    tagged = (
        model.objects.filter(themes=instance)
        if pk_set is None
        else model.objects.filter(pk__in=pk_set)
    )
    for force_id in tagged.values_list("inspection__force_id", flat=True).distinct():
        schedule_recompute(force_id)


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
