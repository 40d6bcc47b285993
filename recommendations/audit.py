"""Log every change of a recommendation's status, a judgment's grade and an inspection's
publication as a structured event, from the history django-simple-history keeps.

Each historical record (services, the admin, the API and the shell all make one) is one log
record: `event` (`<model>_created`, `_changed` or `_deleted`), `model`, `object_id`,
`inspection_id`, `user`, `user_id`, `reason` and `changes` ({field: {"old", "new"}}, foreign
keys as ids). A change that touches none of the audited fields is not logged: the history keeps
it. Progress updates, which are never edited, are logged when created.
"""

import logging

from django.db.models.signals import post_save
from simple_history.signals import post_create_historical_record

from inspections.models import Inspection, Judgment
from recommendations.models import ProgressUpdate, Recommendation

logger = logging.getLogger(__name__)

AUDITED_FIELDS = {
    Recommendation: ("force_status", "verification_status", "acceptance", "due_date"),
    Judgment: ("grade",),
    Inspection: ("status", "published", "embargo_at"),
}
EVENTS = {"+": "created", "~": "changed", "-": "deleted"}


def connect() -> None:
    """Wire the receivers; called once from RecommendationsConfig.ready()."""
    post_create_historical_record.connect(
        log_historical_record, dispatch_uid="recommendations.audit.history"
    )
    post_save.connect(
        log_progress_update, sender=ProgressUpdate, dispatch_uid="recommendations.audit.progress"
    )


def log_historical_record(sender, instance, history_instance, history_user, **kwargs) -> None:
    """Log one audited model's creation, deletion or change of an audited field."""
    fields = AUDITED_FIELDS.get(type(instance))
    if fields is None:
        return
    action = EVENTS[history_instance.history_type]
    if action == "changed":
        changes = _changes(sender, instance, history_instance, fields)
        if not changes:
            return
    else:
        deleted = action == "deleted"
        changes = {field: _value(history_instance, field, old=deleted) for field in fields}
    name = instance._meta.model_name
    described = ", ".join(f"{field} {c['old']} → {c['new']}" for field, c in changes.items())
    logger.info(
        "%s %s %s by %s: %s",
        instance._meta.verbose_name.capitalize(),
        instance.pk,
        action,
        _username(history_user),
        described,
        extra={
            "event": f"{name}_{action}",
            "model": instance._meta.label,
            "object_id": instance.pk,
            "inspection_id": instance.pk if name == "inspection" else instance.inspection_id,
            "user": _username(history_user),
            "user_id": getattr(history_user, "pk", None),
            "reason": history_instance.history_change_reason or "",
            "changes": changes,
        },
    )


def log_progress_update(sender, instance: ProgressUpdate, created: bool, **kwargs) -> None:
    """Log a new progress update: the force's claim or the inspectorate's assessment."""
    if not created or kwargs.get("raw"):
        return
    status = instance.verification_status or instance.force_status
    logger.info(
        "Progress update %s on recommendation %s by %s: %s",
        instance.pk,
        instance.recommendation_id,
        _username(instance.author),
        status,
        extra={
            "event": "progress_update_created",
            "model": instance._meta.label,
            "object_id": instance.pk,
            "recommendation_id": instance.recommendation_id,
            "user": _username(instance.author),
            "user_id": instance.author_id,
            "force_status": instance.force_status,
            "verification_status": instance.verification_status,
        },
    )


def _changes(sender, instance, history_instance, fields) -> dict:
    # By history_id, not date: two saves in the same instant (a frozen clock) stay in order.
    previous = (
        sender._default_manager.filter(
            **{instance._meta.pk.attname: instance.pk},
            history_id__lt=history_instance.history_id,
        )
        .order_by("-history_id")
        .first()
    )
    if previous is None:
        return {field: _value(history_instance, field, old=False) for field in fields}
    delta = history_instance.diff_against(previous, included_fields=fields)
    return {change.field: {"old": change.old, "new": change.new} for change in delta.changes}


def _value(history_instance, field: str, *, old: bool) -> dict:
    value = getattr(history_instance, history_instance._meta.get_field(field).attname)
    return {"old": value, "new": None} if old else {"old": None, "new": value}


def _username(user) -> str:
    return user.get_username() if user is not None else ""
