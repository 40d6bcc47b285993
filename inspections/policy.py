"""Who may see and do what: the one place that decides.

Pages, the API, exports, search, services and templates (the `may` tag) all ask here, and
nothing else reads a user's groups or permissions:

- `restrict(queryset, user, action)` keeps the rows the user may see or act on, as NetBox's
  `RestrictedQuerySet.restrict` does; the querysets' `visible_to` and `tracked_by` call it.
- `allows(user, action, obj)` answers for one object (or for any at all, with none), and
  `require` raises PermissionDenied with the action's one refusal message.

The decision: published inspections and what hangs from them are public. A draft is seen by
the inspectorate (inspectors, admins, superusers) and, for the factual-accuracy check, by the
inspected force's own leaders. A force's progress log (its narratives, evidence and the
inspectors' review comments) is followed by the inspectorate and that force's leaders only; the
public sees a recommendation, its statuses, due date and verification, never the log's words.
A change-log event is public if recorded public, and otherwise follows its force like a draft.
"""

from functools import reduce

from django.contrib.auth import get_user_model
from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.db import connections
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from inspections import roles
from inspections.choices import InspectionStatus

VIEW = "view"  # an inspection and everything under it
TRACK = "track"  # a force's tracker and progress log: narratives, evidence, review comments
REPORT = "report"  # record the force's progress on a recommendation
VERIFY = "verify"  # assess a claim of completion: met, not met, superseded or closed
REVISE_DUE_DATE = "revise_due_date"
MONITOR = "monitor"  # see and record a force's monitoring stage (scan or engage)
SUBMIT_DUTY = "submit_duty"  # mark an action plan or commissioner's response submitted
LEAD = "lead"  # act as the force's own leader (My force)
SEE_HEALTH = "see_health"  # which part of the site /healthz finds down

VERIFY_PERMISSION = "recommendations.verify_recommendation"

REFUSALS = {
    TRACK: _("Tracking is for inspectors, admins and force leaders."),
    REPORT: _("Only the force's own leaders can report its progress."),
    VERIFY: _("Only an inspector can mark a recommendation met, not met, superseded or closed."),
    REVISE_DUE_DATE: _("Only an inspector can revise a due date."),
    MONITOR: _("Only inspectors record a force's monitoring stage."),
    SUBMIT_DUTY: _("You cannot record this duty as submitted."),
    LEAD: _("My force is for force leaders whose account is linked to a force."),
    SEE_HEALTH: _("Only inspectors and admins are told which part of the site is down."),
}


def role_names(user) -> frozenset[str]:
    """The user's groups, read once per user object: a page asks several times."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if not hasattr(user, "_role_names"):
        user._role_names = frozenset(user.groups.values_list("name", flat=True))
    return user._role_names


def role_labels(user) -> list[str]:
    """The user's roles in words, for their account page."""
    superuser = [str(_("Superuser"))] if getattr(user, "is_superuser", False) else []
    return superuser + sorted(role_names(user))


def leader_force_id(user) -> int | None:
    """The force a force leader acts for, or None for anyone else."""
    if roles.FORCE_LEADERS not in role_names(user):
        return None
    membership = getattr(user, "force_membership", None)
    return membership.force_id if membership else None


def _inspectorate(user) -> bool:
    return getattr(user, "is_superuser", False) or bool(
        role_names(user) & {roles.INSPECTORS, roles.ADMINS}
    )


def _admin(user) -> bool:
    return getattr(user, "is_superuser", False) or roles.ADMINS in role_names(user)


def _verifier(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.has_perm(VERIFY_PERMISSION)


def _nobody(user) -> bool:
    return False


# Each action: who acts on every force's objects, and whether a force's leaders act on theirs.
RULES = {
    VIEW: (_inspectorate, True),  # and everyone on published inspections
    TRACK: (_inspectorate, True),
    REPORT: (_admin, True),  # admins record it on the force's behalf
    VERIFY: (_verifier, False),
    REVISE_DUE_DATE: (_verifier, False),
    MONITOR: (_verifier, False),
    LEAD: (_nobody, True),
    SEE_HEALTH: (_inspectorate, False),
}


def allows(user, action: str, obj=None) -> bool:
    """May the user do this to the object (or to anything at all, when none is given)?"""
    if action == SUBMIT_DUTY:
        # The force sends its action plan; the commissioner's response is the inspectorate's.
        own = obj is not None and obj.kind == obj.Kind.ACTION_PLAN and allows(user, REPORT, obj)
        return own or allows(user, VERIFY)
    if action == VIEW and (obj is None or _published(obj)):
        return True
    everywhere, own_force = RULES[action]
    if everywhere(user):
        return True
    force_id = leader_force_id(user) if own_force else None
    return force_id is not None and (obj is None or _force_id(obj) == force_id)


def require(user, action: str, obj=None) -> None:
    """Raise PermissionDenied, with the action's refusal, unless the user may do it."""
    if not allows(user, action, obj):
        raise PermissionDenied(REFUSALS[action])


def restrict(queryset: QuerySet, user, action: str = VIEW) -> QuerySet:
    """The rows of the queryset the user may see (VIEW) or act on (any other action)."""
    if _everywhere(user, action):
        return queryset
    allowed = _allowed_rows(queryset.model, user, action)
    return queryset.none() if allowed is None else queryset.filter(allowed)


def count_restricted(queryset: QuerySet, user, action: str = VIEW) -> int:
    """restrict(queryset, user, action).count(), asked as the queryset's rows less those the
    user may not see: the hidden rows (drafts, other forces') are found through indexes, and the
    whole count needs no join to each row's inspection."""
    if _everywhere(user, action):
        return queryset.count()
    allowed = _allowed_rows(queryset.model, user, action)
    if allowed is None:
        return 0
    rows = queryset.order_by().values("pk")
    try:
        (total, total_params), (hidden, hidden_params) = (
            part.query.get_compiler(queryset.db).as_sql() for part in (rows, rows.exclude(allowed))
        )
    except EmptyResultSet:  # a filter that matches nothing, such as an empty list
        return queryset.filter(allowed).count()
    sql = f"SELECT (SELECT COUNT(*) FROM ({total}) a) - (SELECT COUNT(*) FROM ({hidden}) b)"
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, [*total_params, *hidden_params])
        return cursor.fetchone()[0]


def _everywhere(user, action: str) -> bool:
    """Does the user see or act on every force's rows?"""
    return RULES[action][0](user)


def _allowed_rows(model, user, action: str) -> Q | None:
    """The condition on the model's rows the user may see or act on short of everywhere, or
    None for no row at all."""
    force_id = leader_force_id(user) if RULES[action][1] else None
    allowed = Q(**{_lookup(model, "force_id"): force_id}) if force_id else None
    if action == VIEW:
        published = _published_rows(model)
        allowed = published if allowed is None else allowed | published
    return allowed


# What only those who may track a force's progress read: its narratives and the inspectors'
# review comments (both are a progress update's narrative). The rest of the log is public.
TRACKED_FIELDS = {"recommendations.progressupdate": ("narrative",)}


def hidden_fields(user, obj) -> tuple[str, ...]:
    """The object's fields the user may not read, for serializers to leave out."""
    fields = TRACKED_FIELDS.get(obj._meta.label_lower, ())
    return () if not fields or allows(user, TRACK, obj) else fields


def force_leaders(force) -> QuerySet:
    """The active accounts that lead the force."""
    return get_user_model().objects.filter(
        is_active=True, groups__name=roles.FORCE_LEADERS, force_membership__force=force
    )


def inspectors() -> QuerySet:
    """The active accounts of the inspectorate's inspectors."""
    return get_user_model().objects.filter(is_active=True, groups__name=roles.INSPECTORS)


# How each guarded model reaches the inspection it hangs from.
_PATHS = {
    "inspections.inspection": (),
    "changes.changeevent": (),  # it names its force itself; see _OWN_VISIBILITY
    "findings.finding": ("inspection",),
    "recommendations.recommendation": ("inspection",),
    "recommendations.followupduty": ("inspection",),
    "recommendations.progressupdate": ("recommendation", "inspection"),
    "recommendations.evidence": ("progress_update", "recommendation", "inspection"),
}
# Models that carry their own visibility rather than their inspection's: a change-log event
# keeps the visibility it was recorded with (changes/models.py says why).
_OWN_VISIBILITY = {"changes.changeevent": {"visibility": "public"}}


def _lookup(model, field: str) -> str:
    return "__".join((*_PATHS[model._meta.label_lower], field))


def _published_rows(model) -> Q:
    own = _OWN_VISIBILITY.get(model._meta.label_lower)
    return Q(**own) if own else Q(**{_lookup(model, "status"): InspectionStatus.PUBLISHED})


def _inspection(obj):
    return reduce(getattr, _PATHS[obj._meta.label_lower], obj)


def _published(obj) -> bool:
    if obj._meta.label_lower == "inspections.force":
        return True  # forces are public; what they may do to one is another question
    own = _OWN_VISIBILITY.get(obj._meta.label_lower)
    if own:
        return all(getattr(obj, field) == value for field, value in own.items())
    return _inspection(obj).status == InspectionStatus.PUBLISHED


def _force_id(obj) -> int:
    if obj._meta.label_lower == "inspections.force":
        return obj.pk
    if obj._meta.label_lower in _OWN_VISIBILITY:
        return obj.force_id
    return _inspection(obj).force_id
