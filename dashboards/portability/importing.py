"""Restore an export into an empty database migrated to the same schema, in one transaction."""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction

from dashboards.portability.tables import (
    FORMAT,
    MADE_BY_MIGRATIONS,
    MANIFEST,
    MEDIA,
    VERSION,
    PortabilityError,
    Table,
    applied_migrations,
    exported_tables,
    safe_media_name,
    sha256_of,
)

BATCH = 1000


@dataclass
class ImportReport:
    tables: int = 0
    rows: int = 0
    media: int = 0
    replaced: list[str] = field(default_factory=list)  # groups made by migrations
    missing_media: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _MediaFile:
    name: str
    path: Path
    storage: Storage


def import_data(*, directory: Path) -> ImportReport:
    """Check the whole export first, then load every row with its primary key.

    Any problem raises a PortabilityError before anything is written; a database error
    while loading rolls everything back and removes the files already copied. The database
    must hold none of the exported tables' rows, except the roles migrations create.
    """
    directory = Path(directory)
    manifest = _read_manifest(directory)
    _check_schema(manifest["migrations"])
    tables = _match_tables(manifest["tables"])
    resolver = _NaturalKeys()
    loaded = [(table, _read_rows(directory, table, entry, resolver)) for table, entry in tables]
    media = _check_media(directory, manifest["media"], _storages(loaded))
    report = ImportReport(missing_media=list(manifest.get("missing_media") or []))
    _write(loaded, media, report)
    return report


def _read_manifest(directory: Path) -> dict:
    path = directory / MANIFEST
    if not path.is_file():
        raise PortabilityError(
            f"{directory} has no {MANIFEST}: it is not a folder written by export_data, or the "
            f"export did not finish."
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise PortabilityError(f"{MANIFEST} is not valid JSON: {error}.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PortabilityError(f"{MANIFEST} is not the manifest of an export_data export.")
    if manifest.get("version") != VERSION:
        raise PortabilityError(
            f"The export is format version {manifest.get('version')!r}; this code reads "
            f"version {VERSION}."
        )
    shapes = {"migrations": dict, "tables": list, "media": list}
    for key, shape in shapes.items():
        if not isinstance(manifest.get(key), shape):
            raise PortabilityError(f"{MANIFEST} has no valid “{key}”.")
    return manifest


def _check_schema(exported: dict) -> None:
    """The database must have exactly the migrations the export was taken at."""
    if not all(isinstance(names, list) for names in exported.values()):
        raise PortabilityError(f"{MANIFEST} has no valid “migrations”.")
    here = applied_migrations()
    theirs = {f"{app}.{name}" for app, names in exported.items() for name in names}
    ours = {f"{app}.{name}" for app, names in here.items() for name in names}
    if theirs == ours:
        return
    differences = []
    if only_theirs := sorted(theirs - ours):
        differences.append(f"in the export but not applied here: {', '.join(only_theirs)}")
    if only_ours := sorted(ours - theirs):
        differences.append(f"applied here but not in the export: {', '.join(only_ours)}")
    raise PortabilityError(
        f"The export was taken from another schema ({'; '.join(differences)}). Migrate this "
        f"database to the export's migrations, or export again from the same code."
    )


def _match_tables(entries: list) -> list[tuple[Table, dict]]:
    """Pair each table here with its manifest entry, in the order rows must be inserted."""
    known = exported_tables()
    names = {table.name for table in known}
    by_name = {}
    for entry in entries:
        name = entry.get("table") if isinstance(entry, dict) else None
        if name not in names:
            raise PortabilityError(
                f"The export has a table this database does not know: {name!r}. It comes from "
                f"other code; import it with the code it was exported from."
            )
        if name in by_name:
            raise PortabilityError(f"{MANIFEST} lists the table {name} twice.")
        by_name[name] = entry
    if missing := [table.name for table in known if table.name not in by_name]:
        raise PortabilityError(
            f"The export has no file for these tables of this database: {', '.join(missing)}. "
            f"It comes from other code; import it with the code it was exported from."
        )
    return [(table, by_name[table.name]) for table in known]


class _NaturalKeys:
    """Natural key → id here, for rows `migrate` creates (permissions, content types)."""

    def __init__(self):
        self._ids: dict[str, dict[tuple, int]] = {}

    def id_of(self, label: str, key) -> int:
        if label not in self._ids:
            rows = apps.get_model(label)._base_manager.select_related()
            self._ids[label] = {tuple(row.natural_key()): row.pk for row in rows}
        found = self._ids[label].get(tuple(key) if isinstance(key, list) else None)
        if found is None:
            raise ValueError(f"this database has no {label} {key!r}")
        return found


def _read_rows(directory: Path, table: Table, entry: dict, resolver: _NaturalKeys) -> list:
    """Read one table's file, check it against the manifest, and build its unsaved rows."""
    path = directory / table.file
    if entry.get("file") != table.file or not path.is_file():
        raise PortabilityError(f"{table.file} is missing from the export.")
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
        raise PortabilityError(
            f"{table.file} does not match its SHA-256 in {MANIFEST}: it was changed or damaged "
            f"after the export."
        )
    try:
        content = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise PortabilityError(f"{table.file} is not valid JSON: {error}.") from None
    if not isinstance(content, dict) or content.get("table") != table.name:
        raise PortabilityError(f"{table.file} does not hold the {table.name} table.")
    columns, rows = content.get("columns"), content.get("rows")
    if not isinstance(columns, list) or sorted(columns) != sorted(table.columns):
        raise PortabilityError(
            f"{table.file} has the columns {columns}, but {table.name} here has {table.columns}."
        )
    if content.get("natural_keys") != table.natural_keys:
        raise PortabilityError(f"{table.file} names other columns by natural key than expected.")
    if not isinstance(rows, list) or len(rows) != entry.get("rows"):
        raise PortabilityError(
            f"{table.file} holds a different number of rows than {MANIFEST} says."
        )
    position = {column: index for index, column in enumerate(columns)}
    order = [position[f.column] for f in table.fields]
    return [_build(table, values, order, resolver, n) for n, values in enumerate(rows, start=1)]


def _build(table: Table, values, order: list[int], resolver: _NaturalKeys, number: int):
    if not isinstance(values, list) or len(values) != len(order):
        raise PortabilityError(f"{table.file}, row {number}: expected {len(order)} values.")
    converted = []
    for model_field, index in zip(table.fields, order, strict=True):
        value = values[index]
        try:
            if value is not None and model_field.column in table.natural_keys:
                value = resolver.id_of(table.natural_keys[model_field.column], value)
            elif value is not None:
                value = model_field.to_python(value)
        except (ValidationError, ValueError, TypeError) as error:
            message = "; ".join(getattr(error, "messages", [str(error)]))
            raise PortabilityError(
                f"{table.file}, row {number}, column {model_field.column}: {message}."
            ) from None
        converted.append(value)
    return table.model(*converted)


def _storages(loaded: list[tuple[Table, list]]) -> dict[str, Storage]:
    """Stored file name → the storage of the file field that refers to it."""
    found = {}
    for table, rows in loaded:
        for file_field in table.file_fields:
            for row in rows:
                if stored := getattr(row, file_field.attname):
                    found.setdefault(stored.name, file_field.storage)
    return found


def _check_media(directory: Path, entries: list, storages: dict) -> list[_MediaFile]:
    """Check every uploaded file against its checksum, and that none here differs from it."""
    files = []
    for entry in entries:
        name = entry.get("name", "") if isinstance(entry, dict) else ""
        relative = PurePosixPath(MEDIA, name)
        path = directory.joinpath(*relative.parts)
        if not safe_media_name(name) or entry.get("file") != str(relative):
            raise PortabilityError(f"{MANIFEST} lists a media file with a bad name: {name!r}.")
        if not path.is_file():
            raise PortabilityError(f"{relative} is missing from the export.")
        if sha256_of(path) != entry.get("sha256"):
            raise PortabilityError(
                f"{relative} does not match its SHA-256 in {MANIFEST}: it was changed or "
                f"damaged after the export."
            )
        storage = storages.get(name, default_storage)
        if storage.exists(name) and _stored_sha256(storage, name) != entry["sha256"]:
            raise PortabilityError(
                f"The media folder already holds a different file named {name}: move it away first."
            )
        files.append(_MediaFile(name, path, storage))
    return files


def _stored_sha256(storage: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _check_empty(tables: list[Table]) -> None:
    """Refuse to mix the export with rows already here, reference data included."""
    occupied = [
        f"{table.name} ({count:,} {'row' if count == 1 else 'rows'})"
        for table in tables
        if table.label not in MADE_BY_MIGRATIONS and (count := table.model._base_manager.count())
    ]
    if occupied:
        raise PortabilityError(
            f"The database is not empty: {_first(occupied)}. Reference data loaded with "
            f"load_reference_data (as `make run` and the tests do) counts too. Import into a "
            f"database that has only been migrated, e.g. after `manage.py flush`."
        )


def _first(items: list[str], shown: int = 5) -> str:
    more = len(items) - shown
    rest = f" and {more} more {'table' if more == 1 else 'tables'}" if more > 0 else ""
    return ", ".join(items[:shown]) + rest


def _write(loaded: list[tuple[Table, list]], media: list[_MediaFile], report: ImportReport):
    copied: list[tuple[Storage, str]] = []
    try:
        with transaction.atomic():
            _check_empty([table for table, _ in loaded])
            report.replaced = _remove_rows_made_by_migrations([table for table, _ in loaded])
            for table, rows in loaded:
                _insert(table, rows)
                report.tables += 1
                report.rows += len(rows)
            _reset_sequences([table for table, _ in loaded])
            for media_file in media:
                storage = media_file.storage
                if not storage.exists(media_file.name):  # else the same file is already there
                    with media_file.path.open("rb") as stream:
                        stored = storage.save(media_file.name, File(stream))
                    copied.append((storage, stored))
                    if stored != media_file.name:
                        raise PortabilityError(f"Could not store {media_file.name} under its name.")
                report.media += 1
    except BaseException as error:
        for storage, name in copied:
            storage.delete(name)
        if isinstance(error, DatabaseError):
            raise PortabilityError(
                f"The database refused the import, so nothing was written: {error}"
            ) from error
        raise


def _remove_rows_made_by_migrations(tables: list[Table]) -> list[str]:
    """Remove the roles our migrations create; the export holds them as they were."""
    groups = [table for table in tables if table.label in MADE_BY_MIGRATIONS]
    replaced = []
    for table in groups:
        if table.label == "auth.group":
            replaced = [str(row) for row in table.model._base_manager.order_by("pk")]
    for table in reversed(groups):  # links first
        table.model._base_manager.all().delete()
    return replaced


def _insert(table: Table, rows: list) -> None:
    # bulk_create would run pre_save, stamping auto_now fields with the time of the import;
    # a raw insert (what loaddata's save(raw=True) does) keeps every value as exported, the
    # indicators' tables included, so nothing needs recomputing.
    manager = table.model._base_manager
    size = min(max(connection.ops.bulk_batch_size(table.fields, rows), 1), BATCH)
    for start in range(0, len(rows), size):
        manager._insert(rows[start : start + size], fields=table.fields, raw=True)


def _reset_sequences(tables: list[Table]) -> None:
    """Let new rows get ids after the imported ones (PostgreSQL; SQLite does it itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), [table.model for table in tables])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
