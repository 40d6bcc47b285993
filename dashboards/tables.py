"""The data behind each chart as a table: shown under the chart and offered as CSV."""

import csv
import html
from dataclasses import dataclass, field

import orjson
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, QueryDict
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext_lazy

from dashboards.figures import GRADE_NAMES, GRADE_ORDER
from inspections import sorting
from inspections.spreadsheets import csv_cell
from inspections.synthetic import mark_filename, mark_table

# A grade sorts by its place on the scale, not alphabetically: inadequate 1 … outstanding 5.
GRADE_RANKS = {GRADE_NAMES[slug]: len(GRADE_ORDER) - i for i, slug in enumerate(GRADE_ORDER)}

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
    empty: str = gettext_lazy("No data yet.")
    about: str = ""  # the section of the 'About the data' page that explains this chart
    # Cells that name a page, e.g. a force's name → its dashboard; a click on the chart's row
    # of that name goes there too (charts.js).
    links: dict[str, str] = field(default_factory=dict)
    sort: sorting.Sort = field(default_factory=sorting.Sort)
    columns: list[sorting.Column] = field(default_factory=list)

    def sort_by(self, query: QueryDict) -> None:
        """Order the table as `?sort=<chart id>.<column>&order=` asks, with sorting links."""
        labels = list(zip(self.column_keys, self.headers, strict=True))
        self.columns, self.sort = sorting.sorted_headers(query, labels, prefix=f"{self.id}.")

    @property
    def column_keys(self) -> list[str]:
        keys = []
        for i, header in enumerate(self.headers):
            key = slugify(header) or str(i)
            keys.append(key if key not in keys else f"{key}-{i}")
        return keys

    @property
    def sorted_rows(self) -> list[list]:
        if self.sort.column is None:
            return self.rows
        index = self.column_keys.index(self.sort.column)
        return sorting.sort_rows(self.rows, lambda row: row[index], self.sort, ranks=GRADE_RANKS)

    @property
    def links_id(self) -> str:
        return f"{self.id}-links"

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
                '<tr class="govuk-table__row">'
                f'<th scope="row" class="govuk-table__header"{self._sort_attribute(row[0])}>'
                f"{self._cell(row[0])}</th>"
                + "".join(
                    f'<td class="govuk-table__cell"{self._sort_attribute(cell)}>'
                    f"{self._cell(cell)}</td>"
                    for cell in row[1:]
                )
                + "</tr>"
                for row in self.sorted_rows
            )
        )

    def _cell(self, value) -> str:
        url = self.links.get(value) if isinstance(value, str) else None
        if url is None:
            return _html(value)
        return f'<a class="govuk-link" href="{html.escape(url)}">{_html(value)}</a>'

    def _sort_attribute(self, value) -> str:
        # What the browser's sort compares: a grade's rank, -1 for a missing value, a linked
        # name's text (not its markup).
        sort_value = sorting.client_sort_value(value, GRADE_RANKS)
        if sort_value is None and isinstance(value, str) and value in self.links:
            sort_value = value
        return "" if sort_value is None else f' data-sort-value="{html.escape(sort_value)}"'


def sort_tables(charts: list[Chart], query: QueryDict) -> None:
    """Sort each chart's table as the query asks (each table has its own ?sort= prefix)."""
    for chart in charts:
        chart.sort_by(query)


def csv_response(chart: Chart, *, filename: str, synthetic: bool) -> HttpResponse:
    """The chart's table as a CSV download (marked in a demonstration database)."""
    headers, rows = mark_table(chart.headers, chart.rows, synthetic=synthetic)
    name = mark_filename(f"{slugify(filename)}-{chart.id}.csv", synthetic=synthetic)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow([csv_cell(h) for h in headers])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return response


def _html(value) -> str:
    """A cell escaped, None left blank, and a number written plainly, as in the CSV."""
    if value is None:
        return ""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))
