"""The app's roles: Django groups created by a migration, plus a force for each force leader."""

INSPECTORS = "Inspectors"
FORCE_LEADERS = "Force leaders"
ADMINS = "Admins"
ALL = (INSPECTORS, FORCE_LEADERS, ADMINS)


def sees_all_drafts(user) -> bool:
    """Inspectors, admins and superusers see every force's drafts."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or _in_group(user, INSPECTORS) or _in_group(user, ADMINS)


def leader_force_id(user) -> int | None:
    """Return the force a force leader acts for, or None for anyone else."""
    if not getattr(user, "is_authenticated", False) or not _in_group(user, FORCE_LEADERS):
        return None
    membership = getattr(user, "force_membership", None)
    return membership.force_id if membership else None


def _in_group(user, name: str) -> bool:
    # Cache the names on the user object: a page asks several times per request.
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True))
    return name in user._role_names
