"""The recommendation tracker as CSV and Excel: the rows on screen, with the same filters."""

import csv
import datetime
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from inspections.spreadsheets import csv_cell, defuse_xlsx_cell
from inspections.synthetic import mark_filename, mark_table
from recommendations.selectors import TrackerRow

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
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def tracker_table(rows: list[TrackerRow]) -> list[list]:
    """One list of plain values per row, in HEADERS order."""
    table = []
    for row in rows:
        r = row.recommendation
        table.append(
            [
                f"{r.inspection.programme.short_name}, {r.inspection.published_label()}",
                r.inspection.published,
                r.get_kind_display(),
                r.finding.area.name,
                r.full_text,
                r.text,
                r.due_date,
                "Yes" if row.overdue else "No",
                row.days_overdue,
                r.get_acceptance_display(),
                r.get_force_status_display(),
                str(r.verification_label()),
                str(row.disagreement),
                timezone.localtime(row.last_update).replace(tzinfo=None)
                if row.last_update
                else None,
                row.days_since_update,
            ]
        )
    return table


def csv_response(rows: list[TrackerRow], *, filename: str, synthetic: bool) -> HttpResponse:
    """The tracker as CSV (UTF-8 with a byte-order mark, so Excel reads the accents)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    headers, table = mark_table(HEADERS, tracker_table(rows), synthetic=synthetic)
    writer.writerow([csv_cell(h) for h in headers])
    for values in table:
        writer.writerow([csv_cell(v) for v in values])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    name = mark_filename(f"{slugify(filename)}.csv", synthetic=synthetic)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def xlsx_response(rows: list[TrackerRow], *, filename: str, synthetic: bool) -> HttpResponse:
    """The tracker as an Excel workbook; text is always stored as text, never as a formula."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Recommendations"
    headers, table = mark_table(HEADERS, tracker_table(rows), synthetic=synthetic)
    sheet.append(headers)
    for values in table:
        sheet.append([_xlsx_value(v) for v in values])
        for cell in sheet[sheet.max_row]:
            defuse_xlsx_cell(cell)
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    widths = [28, 12, 22, 30, 60, 12, 9, 9, 14, 22, 22, 40, 17, 9]
    for index, width in enumerate([10] * (len(headers) - len(HEADERS)) + widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    name = mark_filename(f"{slugify(filename)}.xlsx", synthetic=synthetic)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _xlsx_value(value):
    return "" if value is None else value
