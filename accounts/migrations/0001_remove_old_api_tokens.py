"""Remove rest_framework.authtoken's table: its tokens, kept in clear and never ending, stop
working. Their owners make new ones on the account page (knox's, hashed and ending)."""

from django.db import migrations
from django.db.migrations.recorder import MigrationRecorder


def remove_old_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if "authtoken_token" in connection.introspection.table_names():
        schema_editor.execute(
            schema_editor.sql_delete_table % {"table": schema_editor.quote_name("authtoken_token")}
        )
    # As if authtoken had never been migrated: an export lists the migrations applied.
    MigrationRecorder(connection).migration_qs.filter(app="authtoken").delete()


class Migration(migrations.Migration):
    dependencies = [("knox", "0009_extend_authtoken_field")]

    operations = [migrations.RunPython(remove_old_tokens, migrations.RunPython.noop)]
