"""Chart tables and figure JSON as pages embed them: escaped, and the same data as the CSV."""

import csv
import io
import json

from dashboards.tables import Chart, csv_response
from tests.inspections.test_spreadsheets import FORMULAS


def _chart(**kwargs) -> Chart:
    return Chart(id="grades", title="Grades", summary="", headers=["Force", "Grade"], **kwargs)


def test_the_figure_json_cannot_end_its_script_element():
    figure = {"data": [{"type": "bar", "y": ["</script><b>A & B</b>", "Kent — PEEL 2023–25"]}]}
    text = str(_chart(rows=[["Kent", 1]], figure=figure).figure_json)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == figure  # the escapes are JSON escapes: the data is unchanged


def test_each_row_is_headed_by_its_first_cell_and_every_cell_is_escaped():
    chart = _chart(rows=[["<Kent>", 3, None], ["Essex & Co", "Good", 0.5]])
    assert str(chart.table_rows).splitlines() == [
        '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">&lt;Kent&gt;'
        '</th><td class="govuk-table__cell">3</td>'
        '<td class="govuk-table__cell" data-sort-value="-1"></td></tr>',
        '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">Essex &amp; Co'
        '</th><td class="govuk-table__cell" data-sort-value="4">Good</td>'
        '<td class="govuk-table__cell">0.5</td></tr>',
    ]


def test_the_table_shows_what_the_csv_holds():
    chart = _chart(rows=[["Kent Police", 12], ["Essex Police", None]])
    csv_text = csv_response(chart, filename="x", synthetic=False).content.decode()
    assert csv_text.splitlines()[1:] == ["Kent Police,12", "Essex Police,"]
    assert 'Kent Police</th><td class="govuk-table__cell">12</td>' in chart.table_rows


def test_the_csv_quotes_formulas_and_keeps_numbers():
    chart = _chart(rows=[[text, -3] for text in FORMULAS.values()] + [["-2.5", -0.5]])
    text = csv_response(chart, filename="x", synthetic=False).content.decode()
    rows = list(csv.reader(io.StringIO(text, newline="")))[1:]
    assert rows == [["'" + text, "-3"] for text in FORMULAS.values()] + [["-2.5", "-0.5"]]
