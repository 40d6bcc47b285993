from importlib import import_module

from django.db import migrations, models

from inspections.db_rules import _run, _vendor, area_in_programme

# SQLite adds the column by rebuilding the table, which drops its triggers: put the rule back.
RULE = area_in_programme(name="findings_finding_area_in_programme", table="findings_finding")
# SQLite also refuses to rename the rebuilt table while another table's trigger reads it (a
# database that already holds recommendations), so that rule is lifted for the rebuild.
PARENT_FINDING = import_module("recommendations.migrations.0002_database_rules").PARENT_FINDING


def lift_rule_reading_findings(apps, schema_editor):
    if _vendor(schema_editor) == "sqlite":
        _run(schema_editor, PARENT_FINDING.drop("sqlite"))


def reinstall_rule(apps, schema_editor):
    vendor = _vendor(schema_editor)
    _run(schema_editor, [*RULE.drop(vendor), *RULE.create(vendor)])
    if vendor == "sqlite":
        _run(schema_editor, PARENT_FINDING.create("sqlite"))


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0004_theme_match_terms"),
        ("recommendations", "0002_database_rules"),
    ]

    operations = [
        migrations.RunPython(lift_rule_reading_findings, migrations.RunPython.noop),
        migrations.AddField(
            model_name="finding",
            name="lead_in",
            field=models.CharField(
                blank=True,
                help_text="Causes of concern only: the words that introduce the "
                "recommendations, e.g. 'With immediate effect, Gloucestershire Constabulary "
                "should make sure:'.",
                max_length=300,
            ),
        ),
        migrations.RunPython(reinstall_rule, migrations.RunPython.noop),
    ]
