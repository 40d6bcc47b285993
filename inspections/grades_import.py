"""Published grades from a table (CSV or XLSX): one row per force, programme, date and area.

All or nothing: every row is checked first, and any bad row is named with its reason before
anything is written.
"""

import csv
import io
import itertools
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from inspections.importer.store import (
    find_area,
    find_force,
    find_grade,
    find_programme,
    inspection_slug,
)
from inspections.models import Inspection, Judgment
from inspections.partial_dates import parse_partial_date

COLUMNS = ("force", "programme", "published", "area", "grade")
OPTIONAL = ("report_url", "source_url")
MAX_ROWS = 10_000
MAX_BYTES = 5 * 1024 * 1024
# A grades workbook of 5 MB unpacks to a few times that; a zip bomb to far more.
MAX_UNPACKED_BYTES = 10 * MAX_BYTES
# Links are shown on the pages: only web addresses, never javascript: or data:.
_WEB_ADDRESS = URLValidator(schemes=["https", "http"])


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)


def read_grade_file(data: bytes, filename: str) -> list[dict]:
    """Rows of a CSV (UTF-8) or XLSX file as dicts of the known columns."""
    if not data:
        raise ValidationError(f"“{filename}” is empty.")
    if len(data) > MAX_BYTES:
        raise ValidationError(f"“{filename}” is over {MAX_BYTES:,} bytes.")
    rows = _xlsx_rows(data, filename) if data[:2] == b"PK" else _csv_rows(data, filename)
    header = [str(h or "").strip().lower() for h in next(rows, [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ValidationError(
            f"“{filename}” lacks the column(s) {', '.join(missing)}: the first row must name "
            f"{', '.join(COLUMNS)} (and optionally {', '.join(OPTIONAL)})."
        )
    table = []
    for values in rows:
        if len(table) >= MAX_ROWS:
            raise ValidationError(f"“{filename}” has more than {MAX_ROWS:,} rows.")
        row = {
            h: str(v if v is not None else "").strip() for h, v in zip(header, values, strict=False)
        }
        if any(row.values()):
            table.append({c: row.get(c, "") for c in (*COLUMNS, *OPTIONAL)})
    if not table:
        raise ValidationError(f"“{filename}” has no rows under its header.")
    return table


@transaction.atomic
def import_grades(rows: list[dict], *, source: str, skip_undated: bool = False) -> LoadReport:
    """Create or complete a published inspection per (force, programme, date)."""
    report = LoadReport()
    errors = [
        e
        for number, row in enumerate(rows, start=2)
        for e in _row_errors(number, row, skip_undated)
    ]
    if errors:
        raise ValidationError([f"{source}: {e}" for e in errors])
    key = lambda row: (row["force"], row["programme"], row["published"])  # noqa: E731
    for (force_name, programme_name, published), group in itertools.groupby(
        sorted(rows, key=key), key=key
    ):
        if not published:
            report.notes.append(
                f"{source}: left out {force_name}'s {programme_name} report: "
                "no source gives its date."
            )
            continue
        try:
            _store(force_name, programme_name, published, list(group), report)
        except ValidationError as error:
            where = f"{source}, {force_name} {published}"
            raise ValidationError([f"{where}: {m}" for m in error.messages]) from None
    return report


def _row_errors(number: int, row: dict, skip_undated: bool) -> list[str]:
    errors = []
    for column in COLUMNS:
        if not row[column] and not (column == "published" and skip_undated):
            errors.append(f"row {number}: the {column} is missing.")
    if errors:
        return errors
    try:
        programme = find_programme(row["programme"])
        find_force(row["force"])
        if row["published"]:
            parse_partial_date(row["published"])
        find_area(programme, row["area"])
        find_grade(programme, row["grade"])
    except ValidationError as error:
        errors.extend(f"row {number}: {message}" for message in error.messages)
    for column in OPTIONAL:
        if row[column] and not _is_web_address(row[column]):
            errors.append(
                f"row {number}: the {column} “{row[column][:80]}” is not a web address "
                "starting https:// or http://."
            )
    return errors


def _is_web_address(value: str) -> bool:
    try:
        _WEB_ADDRESS(value)
    except ValidationError:
        return False
    return len(value) <= 500


def _store(force_name, programme_name, published_text, rows, report) -> None:
    force, programme = find_force(force_name), find_programme(programme_name)
    published, precision = parse_partial_date(published_text)
    sources = Counter(row["source_url"] for row in rows)
    inspection, created = Inspection.objects.get_or_create(
        slug=inspection_slug(
            force=force, programme=programme, published=published, precision=precision
        ),
        defaults={
            "force": force,
            "programme": programme,
            "status": Inspection.Status.PUBLISHED,
            "published": published,
            "published_precision": precision,
            "report_url": next((r["report_url"] for r in rows if r["report_url"]), ""),
            "source_url": sources.most_common(1)[0][0],
            "action_plan_due": Inspection.default_action_plan_due(published)
            if precision == Inspection.Precision.DAY
            else None,
        },
    )
    report.created["published inspections"] += created
    for row in rows:
        area, grade = find_area(programme, row["area"]), find_grade(programme, row["grade"])
        judgment = Judgment.objects.filter(inspection=inspection, area=area).first()
        if judgment is None:
            judgment = Judgment(
                inspection=inspection, area=area, grade=grade, source_url=row["source_url"]
            )
            judgment.full_clean()
            judgment.save()
            report.created["judgments"] += 1
        elif judgment.grade_id != grade.pk:
            raise ValidationError(
                f"{area.name}: the source says {grade.name}, but the inspection already has "
                f"{judgment.grade.name}."
            )


def _csv_rows(data: bytes, filename: str):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            f"“{filename}” is not UTF-8 text (byte {error.start}): save it as CSV UTF-8."
        ) from None
    if "\x00" in text:
        raise ValidationError(f"“{filename}” holds binary data, not CSV.")
    try:
        return iter(list(csv.reader(io.StringIO(text, newline=""))))
    except csv.Error as error:
        raise ValidationError(f"“{filename}” is not valid CSV: {error}.") from None


def _xlsx_rows(data: bytes, filename: str):
    import zipfile

    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # Checked before openpyxl unpacks anything: reading a part never yields more
            # than the size it declares.
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise ValidationError(
                f"“{filename}” unpacks to {unpacked / 1024 / 1024:,.0f} MB: a grades workbook "
                f"may unpack to at most {MAX_UNPACKED_BYTES / 1024 / 1024:.0f} MB."
            )
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            rows = []
            for values in workbook.worksheets[0].iter_rows(values_only=True):
                if len(rows) > MAX_ROWS:  # the header and MAX_ROWS rows: stop reading here
                    raise ValidationError(f"“{filename}” has more than {MAX_ROWS:,} rows.")
                rows.append(list(values))
            return iter(rows)
        finally:
            workbook.close()
    except ValidationError:
        raise
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file
        raise ValidationError(f"“{filename}” is not a readable XLSX workbook.") from None
