"""The recommendation tracker as CSV and Excel: the rows on screen, with the same filters.

Both are written as the rows are read, a chunk at a time (selectors.TrackerRows), so a
download of a hundred thousand rows never holds them all: the CSV streams to the browser, and
the workbook is written to a temporary file on disk (openpyxl's write-only mode) and sent
from there."""

import csv
import datetime
import tempfile
from collections.abc import Iterable, Iterator

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from inspections.spreadsheets import csv_cell, defuse_xlsx_cell
from inspections.synthetic import mark_filename, mark_headers, mark_rows
from recommendations.selectors import TrackerRow
from recommendations.wording import inspection_label

HEADERS = [
    "Inspection",
    "Published",
    "Kind",
    "Area",
    "Recommendation",
    "In the report's words",
    "Due date",
    "Overdue",
    "Days overdue",
    "Accepted",
    "Force reports",
    "Inspectorate",
    "Disagreement",
    "Last update",
    "Days since last update",
]
# Each column's width in the workbook, in characters, named so none can slip to its neighbour.
XLSX_WIDTHS = {
    "Inspection": 28,
    "Published": 12,
    "Kind": 22,
    "Area": 30,
    "Recommendation": 60,
    "In the report's words": 60,
    "Due date": 12,
    "Overdue": 9,
    "Days overdue": 9,
    "Accepted": 14,
    "Force reports": 22,
    "Inspectorate": 22,
    "Disagreement": 40,
    "Last update": 17,
    "Days since last update": 9,
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_LINES_PER_CHUNK = 500  # lines sent to the browser at a time
# Kept in memory up to this size, then on disk: a small workbook never touches the disk.
XLSX_IN_MEMORY_BYTES = 5 * 1024 * 1024


def tracker_table(rows: Iterable[TrackerRow]) -> Iterator[list]:
    """One list of plain values per row, in HEADERS order, as the rows are read."""
    for row in rows:
        r = row.recommendation
        yield [
            inspection_label(r.inspection),
            r.inspection.published,
            r.kind_label(),
            r.finding.area.name,
            r.full_text,
            r.text,
            r.due_date,
            "Yes" if row.overdue else "No",
            row.days_overdue,
            r.acceptance_label(),
            r.force_status_label(),
            r.verification_label(),
            str(row.disagreement),
            timezone.localtime(row.last_update).replace(tzinfo=None) if row.last_update else None,
            row.days_since_update,
        ]


def csv_response(
    rows: Iterable[TrackerRow], *, filename: str, synthetic: bool
) -> StreamingHttpResponse:
    """The tracker as CSV (UTF-8 with a byte-order mark, so Excel reads the accents), sent a
    chunk of lines at a time as the rows are read."""
    response = StreamingHttpResponse(
        _csv_chunks(rows, synthetic), content_type="text/csv; charset=utf-8"
    )
    name = mark_filename(f"{slugify(filename)}.csv", synthetic=synthetic)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _csv_chunks(rows: Iterable[TrackerRow], synthetic: bool) -> Iterator[str]:
    writer = csv.writer(_Line())
    lines = [
        "\ufeff"
        + writer.writerow([csv_cell(h) for h in mark_headers(HEADERS, synthetic=synthetic)])
    ]
    for values in mark_rows(tracker_table(rows), synthetic=synthetic):
        lines.append(writer.writerow([csv_cell(v) for v in values]))
        if len(lines) >= CSV_LINES_PER_CHUNK:
            yield "".join(lines)
            lines = []
    yield "".join(lines)


class _Line:
    """A file for csv.writer that hands back each line instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def xlsx_response(rows: Iterable[TrackerRow], *, filename: str, synthetic: bool) -> FileResponse:
    """The tracker as an Excel workbook; text is always stored as text, never as a formula."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Recommendations")
    headers = mark_headers(HEADERS, synthetic=synthetic)
    # Widths and the frozen header row go before the first row: a write-only sheet writes
    # its rows as they come.
    sheet.freeze_panes = "A2"
    widths = [10] * (len(headers) - len(HEADERS)) + [XLSX_WIDTHS[name] for name in HEADERS]
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append(headers)
    for values in mark_rows(tracker_table(rows), synthetic=synthetic):
        sheet.append([_xlsx_cell(sheet, value) for value in values])
    file = tempfile.SpooledTemporaryFile(max_size=XLSX_IN_MEMORY_BYTES)
    workbook.save(file)
    file.seek(0)
    name = mark_filename(f"{slugify(filename)}.xlsx", synthetic=synthetic)
    return FileResponse(file, as_attachment=True, filename=name, content_type=XLSX)


def _xlsx_cell(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value="" if value is None else value)
    defuse_xlsx_cell(cell)
    if isinstance(value, datetime.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, datetime.date):
        cell.number_format = "yyyy-mm-dd"
    return cell
