"""Published grades from a table (CSV or XLSX): one row per force, programme, date and area.

All or nothing: every row is checked first, and any bad row is named with its reason before
anything is written.
"""

import csv
import datetime
import functools
import io
import itertools
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import ngettext

from changes.models import ChangeEvent
from changes.services import record_change, record_publication
from dashboards.scheduling import queue_recompute
from inspections.grade_checks import check_grade_profile
from inspections.importer.store import (
    find_area,
    find_force,
    find_grade,
    find_programme,
    inspection_slug,
)
from inspections.models import Inspection, Judgment
from inspections.partial_dates import format_partial_date, parse_partial_date
from inspections.services import set_follow_up_duties
from inspections.synthetic import require_real_database

COLUMNS = ("force", "programme", "published", "area", "grade")
OPTIONAL = ("report_url", "source_url")
MAX_ROWS = 10_000
MAX_BYTES = 5 * 1024 * 1024
# A grades workbook of 5 MB unpacks to a few times that; a zip bomb to far more.
MAX_UNPACKED_BYTES = 10 * MAX_BYTES
# Links are shown on the pages: only web addresses, never javascript: or data:.
_WEB_ADDRESS = URLValidator(schemes=["https", "http"])


class _Finders:
    """store.py's finders, each name asked of the database once per import: a table names the
    same forces, programmes, areas and grades row after row, and each row is read thrice."""

    def __init__(self):
        self.force = functools.cache(find_force)
        self.programme = functools.cache(find_programme)
        self.area = functools.cache(find_area)
        self.grade = functools.cache(find_grade)


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """What was created, e.g. '1 published inspection, 3 judgments'; empty if nothing."""
        return ", ".join(_counted(what, n) for what, n in self.created.items() if n)


# The things a load counts, as ngettext phrases ("1 judgment", "2 judgments").
_COUNTED = {
    "published inspections": lambda n: ngettext(
        "%(n)d published inspection", "%(n)d published inspections", n
    ),
    "judgments": lambda n: ngettext("%(n)d judgment", "%(n)d judgments", n),
    "grade counts": lambda n: ngettext("%(n)d grade count", "%(n)d grade counts", n),
    "programmes": lambda n: ngettext("%(n)d programme", "%(n)d programmes", n),
    "measures": lambda n: ngettext("%(n)d measure", "%(n)d measures", n),
    "themes": lambda n: ngettext("%(n)d theme", "%(n)d themes", n),
    "forces": lambda n: ngettext("%(n)d force", "%(n)d forces", n),
    "inspection records": lambda n: ngettext(
        "%(n)d inspection record", "%(n)d inspection records", n
    ),
}


def _counted(what: str, n: int) -> str:
    """'1 judgment', '2 judgments': the counted things' names, singular or plural."""
    if what not in _COUNTED:
        return f"{n:,} {what}"
    return _COUNTED[what](n) % {"n": n}


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
        row = {h: _cell_text(v) for h, v in zip(header, values, strict=False)}
        if any(row.values()):
            table.append({c: row.get(c, "") for c in (*COLUMNS, *OPTIONAL)})
    if not table:
        raise ValidationError(f"“{filename}” has no rows under its header.")
    return table


@transaction.atomic
def import_grades(rows: list[dict], *, source: str, skip_undated: bool = False) -> LoadReport:
    """Create or complete a published inspection per (force, programme, date).

    A row whose date falls within a less precise one already stored (2025-04-10 within
    April 2025) belongs to that inspection and refines its date. Rows that contradict each other
    are refused, and exact repeats are imported once; both are named by their row numbers.
    A demonstration database refuses them all (inspections/synthetic.py).
    """
    require_real_database(adding="published grades")
    report, find = LoadReport(), _Finders()
    numbered = list(enumerate(rows, start=2))
    errors = [e for number, row in numbered for e in _row_errors(number, row, skip_undated, find)]
    if not errors:
        errors, report.notes = _between_rows(numbered, source, find)
    if errors:
        raise ValidationError([f"{source}: {e}" for e in errors])
    key = lambda item: _group_key(item[1])  # noqa: E731
    for (force_name, programme_name, published), group in itertools.groupby(
        sorted(numbered, key=key), key=key
    ):
        try:
            if not published:
                _store_undated(force_name, programme_name, list(group), source, report, find)
                continue
            _store(force_name, programme_name, published, list(group), report, find)
        except ValidationError as error:
            where = f"{source}, {force_name} {published}"
            raise ValidationError([f"{where}: {m}" for m in error.messages]) from None
    return report


def _group_key(row: dict) -> tuple[str, str, str]:
    return row["force"], row["programme"], row["published"]


def _row_errors(number: int, row: dict, skip_undated: bool, find: _Finders) -> list[str]:
    errors = []
    for column in COLUMNS:
        if not row[column] and not (column == "published" and skip_undated):
            errors.append(f"row {number}: the {column} is missing.")
    if errors:
        return errors
    try:
        programme = find.programme(row["programme"])
        find.force(row["force"])
        if row["published"]:
            parse_partial_date(row["published"])
        find.area(programme, row["area"])
        find.grade(programme, row["grade"])
    except ValidationError as error:
        errors.extend(f"row {number}: {message}" for message in error.messages)
    for column in OPTIONAL:
        if row[column] and not is_web_address(row[column]):
            errors.append(
                f"row {number}: the {column} “{row[column][:80]}” is not a web address "
                "starting https:// or http://."
            )
    return errors


def is_web_address(value: str) -> bool:
    """Whether a link may be shown on the pages: an http(s) address of at most 500 characters."""
    try:
        _WEB_ADDRESS(value)
    except ValidationError:
        return False
    return len(value) <= 500


def _between_rows(
    numbered: list[tuple[int, dict]], source: str, find: _Finders
) -> tuple[list[str], list[str]]:
    """Rows giving one report's area two grades (errors), and exact repeats (notes)."""
    errors, notes, first_seen = [], [], {}
    by_area: dict[tuple, list[tuple[int, dict, tuple]]] = {}
    for number, row in numbered:
        exact = tuple(row[c].casefold() for c in (*COLUMNS, *OPTIONAL))
        if exact in first_seen:
            notes.append(f"{source}: row {number} repeats row {first_seen[exact]}; imported once.")
            continue
        first_seen[exact] = number
        if not row["published"]:
            continue
        programme = find.programme(row["programme"])
        area = find.area(programme, row["area"])
        when = parse_partial_date(row["published"])
        key = (find.force(row["force"]).pk, programme.pk, area.pk)
        for other_number, other, other_when in by_area.get(key, []):
            same_grade = find.grade(programme, other["grade"]) == find.grade(
                programme, row["grade"]
            )
            if _same_report(when, other_when) and not same_grade:
                errors.append(
                    f"rows {other_number} and {number} give {row['force']}'s {area.name} "
                    f"({other['published']}, {row['published']}) two grades: "
                    f"{other['grade']} and {row['grade']}."
                )
        by_area.setdefault(key, []).append((number, row, when))
    return errors, notes


def _same_report(a: tuple[datetime.date, str], b: tuple[datetime.date, str]) -> bool:
    """Whether two partial dates can name one publication: one period lies within the other."""
    (a_start, a_end), (b_start, b_end) = _period(*a), _period(*b)
    return (a_start <= b_start and b_end <= a_end) or (b_start <= a_start and a_end <= b_end)


def _period(start: datetime.date, precision: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day a date known to this precision may be."""
    if precision == Inspection.Precision.YEAR:
        return start, start.replace(month=12, day=31)
    if precision == Inspection.Precision.MONTH:
        following = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return start, following - datetime.timedelta(days=1)
    return start, start


def _store(force_name, programme_name, published_text, numbered_rows, report, find) -> None:
    force, programme = find.force(force_name), find.programme(programme_name)
    published, precision = parse_partial_date(published_text)
    rows = [row for _, row in numbered_rows]
    inspection = _matching_inspection(force, programme, published, precision, numbered_rows)
    if inspection is None:
        sources = Counter(row["source_url"] for row in rows)
        inspection = Inspection.objects.create(
            slug=inspection_slug(
                force=force, programme=programme, published=published, precision=precision
            ),
            force=force,
            programme=programme,
            status=Inspection.Status.PUBLISHED,
            published=published,
            published_precision=precision,
            report_url=next((r["report_url"] for r in rows if r["report_url"]), ""),
            source_url=sources.most_common(1)[0][0],
            action_plan_due=Inspection.default_action_plan_due(published)
            if precision == Inspection.Precision.DAY
            else None,
        )
        report.created["published inspections"] += 1
        record_publication(inspection=inspection)  # its grades follow, one event each
        queue_recompute(force.pk)
    elif _is_finer(precision, inspection.published_precision):
        report.notes.append(_refine_date(inspection, published, precision, numbered_rows))
        queue_recompute(force.pk)
    # The same duties as "Publish now", also for an inspection loaded before they were set.
    set_follow_up_duties(inspection=inspection)
    _store_judgments(inspection, programme, numbered_rows, report, find)


def _store_undated(force_name, programme_name, numbered_rows, source, report, find) -> None:
    """Rows no source dates complete the report stored with its date not known, if any."""
    force, programme = find.force(force_name), find.programme(programme_name)
    inspection = Inspection.objects.filter(
        force=force, programme=programme, published_precision=Inspection.Precision.NOT_KNOWN
    ).first()
    if inspection is None:
        report.notes.append(
            f"{source}: left out {force_name}'s {programme_name} report: no source gives its date."
        )
        return
    _store_judgments(inspection, programme, numbered_rows, report, find)


def _store_judgments(inspection, programme, numbered_rows, report, find) -> None:
    """Add each row's grade as the judgment of its area, checked against the grade counts."""
    for number, row in numbered_rows:
        area, grade = find.area(programme, row["area"]), find.grade(programme, row["grade"])
        judgment = Judgment.objects.filter(inspection=inspection, area=area).first()
        if judgment is None:
            judgment = Judgment(
                inspection=inspection, area=area, grade=grade, source_url=row["source_url"]
            )
            judgment.full_clean()
            judgment.save()
            report.created["judgments"] += 1
            record_change(
                kind=ChangeEvent.Kind.GRADE_RECORDED,
                inspection=inspection,
                area_id=area.pk,
                after={"area": area.name, "grade": grade.name},
            )
            queue_recompute(inspection.force_id)
        elif judgment.grade_id != grade.pk:
            raise ValidationError(
                f"row {number}: {area.name}: the source says {grade.name}, but the inspection "
                f"already has {judgment.grade.name}."
            )
    check_grade_profile(inspection=inspection)


def _matching_inspection(force, programme, published, precision, numbered_rows):
    """The stored inspection these rows belong to: the same date, or one within the other."""
    candidates = [
        inspection
        for inspection in Inspection.objects.filter(
            force=force, programme=programme, published__isnull=False
        )
        if _same_report(
            (published, precision), (inspection.published, inspection.published_precision)
        )
    ]
    exact = [
        c for c in candidates if (c.published, c.published_precision) == (published, precision)
    ]
    if exact or len(candidates) <= 1:
        return (exact or candidates or [None])[0]
    numbers = ", ".join(str(number) for number, _ in numbered_rows)
    raise ValidationError(
        f"rows {numbers}: the date {format_partial_date(published, precision)} fits more than "
        f"one stored inspection ({', '.join(c.published_label() for c in candidates)}); "
        "give the day."
    )


_PRECISION_ORDER = ("year", "month", "day")


def _is_finer(precision: str, than: str) -> bool:
    return _PRECISION_ORDER.index(precision) > _PRECISION_ORDER.index(than)


def _refine_date(inspection, published, precision, numbered_rows) -> str:
    """Give a stored inspection the more precise date the rows state, and say so."""
    before = inspection.published_label()
    inspection.published, inspection.published_precision = published, precision
    inspection.slug = inspection_slug(
        force=inspection.force,
        programme=inspection.programme,
        published=published,
        precision=precision,
    )
    if precision == Inspection.Precision.DAY and inspection.action_plan_due is None:
        inspection.action_plan_due = Inspection.default_action_plan_due(published)
    inspection.full_clean()
    inspection.save()
    numbers = ", ".join(str(number) for number, _ in numbered_rows)
    return (
        f"{inspection.force.name}'s {inspection.programme.name} inspection was dated {before}; "
        f"row{'s' if len(numbered_rows) > 1 else ''} {numbers} date it "
        f"{inspection.published_label()}, so its date was refined, not a second one created."
    )


def _cell_text(value) -> str:
    """A cell as text; an Excel date cell (a datetime to openpyxl) as its date, YYYY-MM-DD."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a year typed as a number: 2025, not 2025.0
    return str(value if value is not None else "").strip()


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
