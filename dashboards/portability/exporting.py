"""Write every table, the uploaded evidence files and a manifest into an empty folder."""

import hashlib
import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from dashboards.portability.tables import (
    FORMAT,
    MANIFEST,
    MEDIA,
    VERSION,
    PortabilityError,
    Table,
    applied_migrations,
    encode,
    exported_tables,
    safe_media_name,
)

CHUNK = 2000


@dataclass
class ExportReport:
    tables: int = 0
    rows: int = 0
    media: int = 0
    missing_media: list[str] = field(default_factory=list)


def export_data(*, directory: Path) -> ExportReport:
    """Export the whole database into `directory`, which must be empty or absent."""
    directory = Path(directory)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise PortabilityError(
            f"{directory} is not an empty folder: export into a new or empty one, so no file "
            f"of an earlier export is mixed with this one."
        )
    report = ExportReport()
    tables = exported_tables()
    directory.mkdir(parents=True, exist_ok=True)
    with _snapshot():
        natural_keys = _natural_keys(tables)
        entries = [_write_table(table, directory, natural_keys, report) for table in tables]
        media = _copy_media(tables, directory, report)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": timezone.now().isoformat(),
            "database": connection.vendor,
            "migrations": applied_migrations(),
            "tables": entries,
            "media": media,
            "missing_media": report.missing_media,
        }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return report


@contextmanager
def _snapshot():
    """Read every table as of one moment, even while others write."""
    if connection.in_atomic_block:  # a caller's transaction already fixes what is seen
        yield
        return
    with connection.cursor():  # a connection health check runs now, not inside the transaction
        pass
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Must come first in the transaction; read committed would give each table's
            # query a snapshot of its own.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield  # SQLite: the first read takes a shared lock, held until the transaction ends


def _natural_keys(tables: list[Table]) -> dict[str, dict]:
    """Id → natural key of each row `migrate` creates that a table refers to."""
    keys = {}
    for label in {label for table in tables for label in table.natural_keys.values()}:
        rows = apps.get_model(label)._base_manager.select_related()
        keys[label] = {row.pk: list(row.natural_key()) for row in rows}
    return keys


def _write_table(table: Table, directory: Path, natural_keys: dict, report: ExportReport) -> dict:
    """Write one table as a JSON object with one row per line, in primary key order."""
    by_key = [natural_keys.get(table.natural_keys.get(column)) for column in table.columns]
    header = {
        "model": table.label,
        "table": table.name,
        "columns": table.columns,
        "natural_keys": table.natural_keys,
    }
    rows = (
        table.model._base_manager.order_by("pk")
        .values_list(*[f.attname for f in table.fields])
        .iterator(chunk_size=CHUNK)
    )
    digest, count = hashlib.sha256(), 0
    with (directory / table.file).open("w", encoding="utf-8", newline="\n") as stream:

        def write(text: str) -> None:
            stream.write(text)
            digest.update(text.encode("utf-8"))

        # The header's keys, then "rows" with one row per line: easy to diff, and streamed.
        write(json.dumps(header, ensure_ascii=False)[:-1] + ', "rows": [')
        for row in rows:
            values = [
                v if keys is None or v is None else keys[v]
                for v, keys in zip(row, by_key, strict=True)
            ]
            line = json.dumps(values, default=encode, ensure_ascii=False)
            write(("\n" if count == 0 else ",\n") + line)
            count += 1
        write("\n]}\n")
    report.tables += 1
    report.rows += count
    return {
        "table": table.name,
        "model": table.label,
        "file": table.file,
        "rows": count,
        "sha256": digest.hexdigest(),
    }


def _copy_media(tables: list[Table], directory: Path, report: ExportReport) -> list[dict]:
    """Copy every stored file a row refers to into media/, under its stored name."""
    copied: dict[str, dict] = {}
    for table in tables:
        for file_field in table.file_fields:
            names = (
                table.model._base_manager.exclude(**{file_field.attname: ""})
                .exclude(**{f"{file_field.attname}__isnull": True})
                .order_by(file_field.attname)
                .values_list(file_field.attname, flat=True)
                .distinct()
            )
            for name in names:
                if name in copied or name in report.missing_media:
                    continue
                if not safe_media_name(name) or not file_field.storage.exists(name):
                    report.missing_media.append(name)
                    continue
                copied[name] = _copy_file(file_field.storage, name, directory)
    report.media = len(copied)
    return [copied[name] for name in sorted(copied)]


def _copy_file(storage, name: str, directory: Path) -> dict:
    relative = PurePosixPath(MEDIA, name)
    target = directory.joinpath(*relative.parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with storage.open(name, "rb") as source, target.open("wb") as stream:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
            stream.write(chunk)
    return {"name": name, "file": str(relative), "bytes": size, "sha256": digest.hexdigest()}
