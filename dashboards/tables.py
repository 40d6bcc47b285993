"""The data behind each chart as a table: shown under the chart and offered as CSV."""

import csv
import html
from dataclasses import dataclass

import orjson
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from inspections.synthetic import mark_filename, mark_table

# What json_script escapes, so that no string in a figure can end its <script> element.
SCRIPT_ESCAPES = ((b"&", b"\\u0026"), (b"<", b"\\u003C"), (b">", b"\\u003E"))


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
    about: str = ""  # the section of the 'About the data' page that explains this chart

    @property
    def figure_id(self) -> str:
        return f"{self.id}-figure"

    @property
    def figure_json(self) -> SafeString:
        """The figure as JSON for a <script type="application/json"> element, escaped as
        json_script escapes it, but written by orjson: tens of times faster than json."""
        data = orjson.dumps(
            self.figure, default=DjangoJSONEncoder().default, option=orjson.OPT_NON_STR_KEYS
        )
        for character, escaped in SCRIPT_ESCAPES:
            data = data.replace(character, escaped)
        return mark_safe(data.decode())

    @property
    def table_rows(self) -> SafeString:
        """The table's body, one <tr> a row, its first cell the row's header.

        Written here rather than by a template loop: a few hundred cells through the template
        engine cost more than the rest of a dashboard page.
        """
        return mark_safe(
            "\n".join(
                f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
                f"{_html(row[0])}</th>"
                + "".join(f'<td class="govuk-table__cell">{_html(cell)}</td>' for cell in row[1:])
                + "</tr>"
                for row in self.rows
            )
        )


def csv_response(chart: Chart, *, filename: str, synthetic: bool) -> HttpResponse:
    """The chart's table as a CSV download (marked in a demonstration database)."""
    headers, rows = mark_table(chart.headers, chart.rows, synthetic=synthetic)
    name = mark_filename(f"{slugify(filename)}-{chart.id}.csv", synthetic=synthetic)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if value is None else _safe(value) for value in row])
    return response


def _html(value) -> str:
    """A cell escaped, None left blank, and a number written plainly, as in the CSV."""
    if value is None:
        return ""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


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
