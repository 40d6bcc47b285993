"""The app's roles: Django groups created by a migration, plus a force for each force leader.

Who may do what with them is decided in inspections.policy.
"""

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
