from django.db import migrations

from inspections.db_rules import area_in_programme, install


class Migration(migrations.Migration):
    dependencies = [("findings", "0001_initial"), ("inspections", "0002_database_rules")]

    operations = [
        install(
            area_in_programme(name="findings_finding_area_in_programme",
                              table="findings_finding"),
            area_in_programme(name="findings_casefilestatistic_area_in_programme",
                              table="findings_casefilestatistic"),
            area_in_programme(name="findings_otherfigure_area_in_programme",
                              table="findings_otherfigure"),
        ),
    ]
