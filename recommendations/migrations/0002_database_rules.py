from django.db import migrations

from inspections.db_rules import AppendOnly, RowRule, install

PARENT_FINDING = RowRule(
    name="recommendations_recommendation_parent_finding",
    table="recommendations_recommendation",
    exists=(
        "SELECT 1 FROM findings_finding f WHERE f.id = NEW.finding_id "
        "AND f.inspection_id = NEW.inspection_id "
        "AND ((NEW.kind = 'recommendation' AND f.kind = 'cause_of_concern') "
        "OR (NEW.kind = 'area_for_improvement' AND f.kind = 'area_for_improvement'))"
    ),
    message=(
        "a recommendation hangs from a cause of concern of the same inspection, "
        "an area for improvement from its own finding."
    ),
)

PROGRESS_APPEND_ONLY = AppendOnly(
    name="recommendations_progressupdate_append_only",
    table="recommendations_progressupdate",
    message="progress updates are append-only: record a correction as a new update.",
)


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0001_initial"), ("findings", "0002_database_rules")]

    operations = [install(PARENT_FINDING, PROGRESS_APPEND_ONLY)]
