import importlib

from django.contrib.auth.management import create_permissions
from django.db import migrations

from inspections.db_rules import AppendOnly, install

# On SQLite, adding Recommendation.version rebuilt the table and so dropped its triggers.
PARENT_FINDING = importlib.import_module(
    "recommendations.migrations.0002_database_rules"
).PARENT_FINDING

EVIDENCE_APPEND_ONLY = AppendOnly(
    name="recommendations_evidence_append_only",
    table="recommendations_evidence",
    message="evidence is append-only: give new evidence with a new progress update.",
)

NEW_MODELS = (
    "evidence",
    "sentreminder",
    "historicalinspection",
    "historicaljudgment",
    "historicalrecommendation",
)


def reinstall_parent_finding(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in [*PARENT_FINDING.drop(vendor), *PARENT_FINDING.create(vendor)]:
        schema_editor.execute(sql, params=None)


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    new = Permission.objects.filter(
        content_type__app_label="recommendations", content_type__model__in=NEW_MODELS
    )
    viewing = new.filter(codename__startswith="view_").exclude(codename="view_sentreminder")
    evidence = new.filter(codename__in=["view_evidence", "add_evidence"])
    roles = {"Admins": new, "Inspectors": viewing | evidence, "Force leaders": evidence}
    for name, permissions in roles.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0004_tracking_history_evidence_reminders"),
        ("inspections", "0003_roles"),
    ]

    operations = [
        migrations.RunPython(reinstall_parent_finding, migrations.RunPython.noop),
        install(EVIDENCE_APPEND_ONLY),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
