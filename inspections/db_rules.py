"""Cross-table rules that Django cannot declare, kept in the database as triggers.

Each rule is a query that must find a row for the row being written; a trigger on SQLite
and PostgreSQL refuses the write otherwise, so no entry point can bypass it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class RowRule:
    name: str
    table: str
    exists: str  # a SELECT that must return a row; NEW.<column> is the row being written
    message: str

    def create(self, vendor: str) -> list[str]:
        if vendor == "postgresql":
            return [
                f"""CREATE OR REPLACE FUNCTION {self.name}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NOT EXISTS ({self.exists}) THEN
                        RAISE EXCEPTION USING ERRCODE = '23514', CONSTRAINT = '{self.name}',
                            MESSAGE = '{self.name}: {_quote(self.message)}';
                    END IF;
                    RETURN NEW;
                END $$""",
                f"CREATE TRIGGER {self.name} BEFORE INSERT OR UPDATE ON {self.table} "
                f"FOR EACH ROW EXECUTE FUNCTION {self.name}()",
            ]
        return [
            f"CREATE TRIGGER {self.name}_{event.lower()} BEFORE {event} ON {self.table} "
            f"FOR EACH ROW WHEN NOT EXISTS ({self.exists}) "
            f"BEGIN SELECT RAISE(ABORT, '{self.name}: {_quote(self.message)}'); END"
            for event in ("INSERT", "UPDATE")
        ]

    def drop(self, vendor: str) -> list[str]:
        if vendor == "postgresql":
            return [f"DROP FUNCTION IF EXISTS {self.name}() CASCADE"]
        return [f"DROP TRIGGER IF EXISTS {self.name}_{e}" for e in ("insert", "update")]


@dataclass(frozen=True)
class AppendOnly:
    name: str
    table: str
    message: str

    def create(self, vendor: str) -> list[str]:
        if vendor == "postgresql":
            return [
                f"""CREATE OR REPLACE FUNCTION {self.name}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION USING ERRCODE = '23001', CONSTRAINT = '{self.name}',
                        MESSAGE = '{self.name}: {_quote(self.message)}';
                END $$""",
                f"CREATE TRIGGER {self.name} BEFORE UPDATE ON {self.table} "
                f"FOR EACH ROW EXECUTE FUNCTION {self.name}()",
            ]
        return [
            f"CREATE TRIGGER {self.name} BEFORE UPDATE ON {self.table} "
            f"BEGIN SELECT RAISE(ABORT, '{self.name}: {_quote(self.message)}'); END"
        ]

    def drop(self, vendor: str) -> list[str]:
        if vendor == "postgresql":
            return [f"DROP FUNCTION IF EXISTS {self.name}() CASCADE"]
        return [f"DROP TRIGGER IF EXISTS {self.name}"]


def area_in_programme(*, name: str, table: str) -> RowRule:
    """The row's area must be one of its inspection's programme areas."""
    return RowRule(
        name=name,
        table=table,
        exists=(
            "SELECT 1 FROM inspections_inspection i JOIN inspections_assessmentarea a "
            "ON a.programme_id = i.programme_id "
            "WHERE i.id = NEW.inspection_id AND a.id = NEW.area_id"
        ),
        message="the area is not one of the inspection programme's areas.",
    )


def install(*rules):
    """Return a migration operation that installs the rules, and removes them on reverse."""
    from django.db import migrations

    def forward(apps, schema_editor):
        _run(schema_editor, [sql for rule in rules for sql in rule.create(_vendor(schema_editor))])

    def backward(apps, schema_editor):
        _run(schema_editor, [sql for rule in rules for sql in rule.drop(_vendor(schema_editor))])

    return migrations.RunPython(forward, backward)


def _vendor(schema_editor) -> str:
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise RuntimeError(f"Database rules are written for PostgreSQL and SQLite, not {vendor}.")
    return vendor


def _run(schema_editor, statements: list[str]) -> None:
    for sql in statements:
        schema_editor.execute(sql, params=None)


def _quote(text: str) -> str:
    return text.replace("'", "''")
