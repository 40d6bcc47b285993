from django.db import migrations

from inspections.db_rules import RowRule, area_in_programme, install

GRADE_ON_SCALE = RowRule(
    name="inspections_judgment_grade_on_scale",
    table="inspections_judgment",
    exists=(
        "SELECT 1 FROM inspections_inspection i "
        "JOIN inspections_programme p ON p.id = i.programme_id "
        "JOIN inspections_grade g ON g.scale_id = p.scale_id "
        "WHERE i.id = NEW.inspection_id AND g.id = NEW.grade_id"
    ),
    message="the grade is not on the inspection programme's grade scale.",
)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [
        install(
            area_in_programme(name="inspections_judgment_area_in_programme",
                              table="inspections_judgment"),
            GRADE_ON_SCALE,
        ),
    ]
