"""Who may do what to a recommendation: the rules services enforce and pages ask about."""

from inspections import roles

VERIFY = "recommendations.verify_recommendation"


def is_admin(user) -> bool:
    """Superusers and the inspectorate's data team."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or user.groups.filter(name=roles.ADMINS).exists()


def can_verify(user) -> bool:
    """Inspectors and admins set met, not met, superseded and closed."""
    return getattr(user, "is_authenticated", False) and user.has_perm(VERIFY)


def can_track(user) -> bool:
    """Inspectors, admins, and force leaders linked to a force."""
    return roles.sees_all_drafts(user) or roles.leader_force_id(user) is not None


def can_report_for(user, force_id: int) -> bool:
    """The force's own leaders report its progress; admins may record it on their behalf."""
    return roles.leader_force_id(user) == force_id or is_admin(user)
