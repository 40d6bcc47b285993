from django.db import migrations, models

from inspections.db_rules import area_in_programme

# SQLite adds the column by rebuilding the table, which drops its triggers: put the rule back.
RULE = area_in_programme(name="findings_finding_area_in_programme", table="findings_finding")


def reinstall_rule(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in [*RULE.drop(vendor), *RULE.create(vendor)]:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0004_theme_match_terms"),
    ]

    operations = [
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
