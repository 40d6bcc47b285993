"""Which tables an export holds, in what order, and how their values are written as JSON."""

import base64
import datetime
import hashlib
import uuid
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import FileField, Model
from django.utils.duration import duration_iso_string

FORMAT = "inspection-findings-export"
VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"

# Our apps (the change log and email follows too), then accounts (users, groups, their links)
# and API tokens (hashed) when installed.
APPS = (
    "inspections",
    "findings",
    "recommendations",
    "dashboards",
    "changes",
    "alerts",
    "auth",
    "knox",
)
# Rows that `migrate` creates, with ids that differ between databases: an export names them
# by natural key, e.g. a group's permission as ["view_force", "inspections", "force"].
BY_NATURAL_KEY = ("auth.permission", "contenttypes.contenttype")
# Made by our migrations (the roles), so present in every migrated database: an import
# replaces them with the exported ones.
MADE_BY_MIGRATIONS = ("auth.group", "auth.group_permissions")


class PortabilityError(Exception):
    """An export or import that cannot go ahead; the message says why, and nothing is written."""


@dataclass(frozen=True)
class Table:
    """One exported table: a concrete model of the app registry, history and links included."""

    model: type[Model]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def name(self) -> str:
        return self.model._meta.db_table

    @property
    def file(self) -> str:
        return f"{self.name}.json"

    @cached_property
    def fields(self) -> list:
        return list(self.model._meta.concrete_fields)

    @property
    def columns(self) -> list[str]:
        return [field.column for field in self.fields]

    @cached_property
    def natural_keys(self) -> dict[str, str]:
        """Column → model label, for columns that refer to rows `migrate` creates."""
        return {
            field.column: field.related_model._meta.label_lower
            for field in self.fields
            if field.is_relation and field.related_model._meta.label_lower in BY_NATURAL_KEY
        }

    @property
    def file_fields(self) -> list[FileField]:
        return [field for field in self.fields if isinstance(field, FileField)]


def exported_tables() -> list[Table]:
    """Every table an export holds, each after the tables its foreign keys point to."""
    models = []
    for label in APPS:
        if not apps.is_installed(_app_name(label)):
            continue
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            meta = model._meta
            if meta.proxy or not meta.managed or meta.swapped:
                continue
            if meta.label_lower not in BY_NATURAL_KEY:
                models.append(model)
    _check_references(models)
    return [Table(model) for model in _parents_first(models)]


def _app_name(label: str) -> str:
    return {"auth": "django.contrib.auth"}.get(label, label)


def _check_references(models: list[type[Model]]) -> None:
    """Refuse a foreign key to a table an export neither holds nor can name by natural key."""
    for model in models:
        for field in model._meta.concrete_fields:
            if not field.is_relation:
                continue
            target = field.related_model
            if target not in models and target._meta.label_lower not in BY_NATURAL_KEY:
                raise PortabilityError(
                    f"{model._meta.label}.{field.name} refers to {target._meta.label}, which an "
                    f"export does not hold: add its app to dashboards/portability/tables.py."
                )


def _parents_first(models: list[type[Model]]) -> list[type[Model]]:
    """Order the models so each follows those its foreign keys point to (the area and grade
    triggers look their parents up on insert). A cycle is broken in registry order: foreign
    keys are checked at commit on PostgreSQL and SQLite alike."""
    parents = {
        model: {
            field.related_model
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model in models and field.related_model != model
        }
        for model in models
    }
    ordered: list[type[Model]] = []
    remaining = list(models)
    while remaining:
        ready = [model for model in remaining if parents[model] <= set(ordered)] or remaining[:1]
        ordered.extend(ready)
        remaining = [model for model in remaining if model not in ready]
    return ordered


def applied_migrations() -> dict[str, list[str]]:
    """The migrations applied to this database, by app: the schema an export comes from."""
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def encode(value):
    """Write a column value JSON can't hold natively as text that `field.to_python` reads."""
    if isinstance(value, datetime.date | datetime.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"Cannot export a value of type {type(value).__name__}: {value!r}")


def safe_media_name(name: str) -> bool:
    """A stored file name stays inside media/: relative, with no '..'."""
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
