"""A copy of the loaded reference data inside the test database, for transactional tests.

A test marked transaction=True (every browser test: the live server reads only committed
rows) empties the database when it ends, and loading the reference data again costs seconds
of processor time per test. On PostgreSQL the loaded tables are copied once into a schema of
their own and put back with one INSERT … SELECT each; elsewhere, or where the database user
may not set session_replication_role, the data is loaded again instead.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction

SCHEMA = "reference_snapshot"
_taken = False


def take() -> None:
    """Copy every table of the loaded test database into SCHEMA (PostgreSQL only)."""
    global _taken
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE; CREATE SCHEMA {SCHEMA}")
        for table in _tables():
            cursor.execute(f'CREATE TABLE {SCHEMA}."{table}" AS TABLE public."{table}"')
    _taken = True


def restore() -> bool:
    """Put the copied tables back in place of what is there; False if there is no copy.

    The rows are a copy of a valid database, so the row triggers (foreign keys and the
    cross-table rules of inspections/db_rules.py) are switched off while they go back, in
    any order; the sequences then continue after the copied ids.
    """
    if not _taken:
        return False
    tables = _tables()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(
                "TRUNCATE " + ", ".join(f'public."{t}"' for t in tables) + " RESTART IDENTITY"
            )
            for table in tables:
                cursor.execute(f'INSERT INTO public."{table}" SELECT * FROM {SCHEMA}."{table}"')
            models = apps.get_models(include_auto_created=True)
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
    except DatabaseError:  # e.g. not allowed to set session_replication_role
        return False
    ContentType.objects.clear_cache()  # the copy's ids, not the ones flush made afresh
    return True


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))
