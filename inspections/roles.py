"""The app's roles: Django groups created by a migration, plus a force for each force leader."""

INSPECTORS = "Inspectors"
FORCE_LEADERS = "Force leaders"
ADMINS = "Admins"
ALL = (INSPECTORS, FORCE_LEADERS, ADMINS)
DOMAIN_APPS = ("inspections", "findings", "recommendations")


def create_roles(group_model, permission_model) -> None:
    """Create the three groups with their permissions (models passed in, for the migration)."""
    domain = permission_model.objects.filter(content_type__app_label__in=DOMAIN_APPS)
    viewing = domain.filter(codename__startswith="view_")
    progress = domain.filter(codename="add_progressupdate")
    verify = domain.filter(codename="verify_recommendation")
    accounts = permission_model.objects.filter(content_type__app_label="auth")
    permissions = {
        ADMINS: domain | accounts,
        INSPECTORS: viewing | progress | verify,
        FORCE_LEADERS: viewing | progress,
    }
    for name, granted in permissions.items():
        group, _ = group_model.objects.get_or_create(name=name)
        group.permissions.set(granted)


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
