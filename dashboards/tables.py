"""The data behind each chart as a table: shown under the chart and offered as CSV."""

import csv
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.text import slugify


@dataclass
class Chart:
    """One chart panel: its figure, what it shows in words, and its data as a table."""

    id: str
    title: str
    summary: str
    headers: list[str]
    rows: list[list]
    figure: dict | None = None
    empty: str = "No data yet."

    @property
    def figure_id(self) -> str:
        return f"{self.id}-figure"


def csv_response(chart: Chart, *, filename: str) -> HttpResponse:
    """The chart's table as a CSV download."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}-{chart.id}.csv"'
    writer = csv.writer(response)
    writer.writerow(chart.headers)
    for row in chart.rows:
        writer.writerow(["" if value is None else _safe(value) for value in row])
    return response


def _safe(value):
    # A cell starting with = + - @ would be run as a formula by spreadsheet software.
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
