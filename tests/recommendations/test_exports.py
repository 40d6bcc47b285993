"""CSV and Excel exports of the tracker: the same rows as the filtered screen, and safe cells."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from recommendations import exports
from tests.inspections.test_spreadsheets import FORMULAS
from tests.recommendations.conftest import claim_complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def tracked(gloucestershire, force_leader, today):
    """Three states: one overdue, one reported complete, the rest not started."""
    first, second = gloucestershire.recommendations.order_by("pk")[:2]
    first.due_date = today - datetime.timedelta(days=10)
    first.save()
    claim_complete(second, by=force_leader)
    return first, second


def _csv_rows(response) -> list[dict]:
    text = response.getvalue().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _screen_texts(response) -> list[str]:
    return [row.recommendation.full_text for row in response.context["rows"]]


@pytest.mark.parametrize(
    "query",
    [{}, {"overdue": "on"}, {"status": "reported_complete"}, {"status": "awaiting_review"}],
    ids=["all", "overdue", "force status", "inspectorate status"],
)
def test_csv_rows_match_the_filtered_screen(leader_client, tracked, gloucestershire, query):
    screen = leader_client.get(reverse("recommendations:my_force"), query)
    url = reverse("recommendations:export_csv", args=[gloucestershire.force.slug])
    response = leader_client.get(url, query)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert [r["Recommendation"] for r in rows] == _screen_texts(screen)
    assert list(rows[0]) == exports.HEADERS


def test_the_overdue_filter_exports_the_overdue_row(leader_client, tracked, gloucestershire):
    url = reverse("recommendations:export_csv", args=[gloucestershire.force.slug])
    (row,) = _csv_rows(leader_client.get(url, {"overdue": "on"}))
    assert row["Recommendation"] == tracked[0].full_text
    assert row["In the report's words"] == tracked[0].text
    assert row["Overdue"] == "Yes" and row["Days overdue"] == "10"
    assert row["Force reports"] == "Not started" and row["Inspectorate"] == "No update yet"


def test_xlsx_rows_match_the_filtered_screen(leader_client, tracked, gloucestershire):
    query = {"inspection": gloucestershire.slug, "status": "not_started"}
    screen = leader_client.get(reverse("recommendations:my_force"), query)
    url = reverse("recommendations:export_xlsx", args=[gloucestershire.force.slug])
    response = leader_client.get(url, query)

    assert response["Content-Type"] == exports.XLSX
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == exports.HEADERS
    texts = [row[exports.HEADERS.index("Recommendation")] for row in values[1:]]
    assert texts == _screen_texts(screen) and len(texts) == 20


def test_each_xlsx_column_has_its_own_width(leader_client, tracked, gloucestershire):
    url = reverse("recommendations:export_xlsx", args=[gloucestershire.force.slug])
    sheet = load_workbook(io.BytesIO(leader_client.get(url).getvalue())).active
    widths = {cell.value: sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]}
    assert widths == exports.XLSX_WIDTHS


def test_a_bad_filter_exports_nothing_and_says_why(leader_client, gloucestershire):
    url = reverse("recommendations:export_csv", args=[gloucestershire.force.slug])
    response = leader_client.get(url, {"inspection": "nope"})
    assert response.status_code == 400
    assert "is not one of this force" in response.content.decode()


def test_exports_are_for_signed_in_trackers(client, gloucestershire):
    url = reverse("recommendations:export_xlsx", args=[gloucestershire.force.slug])
    assert client.get(url).status_code == 302


@pytest.mark.parametrize("text", FORMULAS.values(), ids=FORMULAS)
def test_a_formula_in_recommendation_text_is_exported_as_text(
    leader_client, gloucestershire, recommendation, text
):
    recommendation.text = text
    recommendation.save()
    slug = gloucestershire.force.slug

    rows = _csv_rows(leader_client.get(reverse("recommendations:export_csv", args=[slug])))
    assert f"'{text}" in [r["In the report's words"] for r in rows]

    response = leader_client.get(reverse("recommendations:export_xlsx", args=[slug]))
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    column = exports.HEADERS.index("In the report's words") + 1
    quoted = [
        cell
        for cell in (sheet.cell(row=i, column=column) for i in range(2, sheet.max_row + 1))
        if cell.quotePrefix
    ]
    # A carriage return is read back as one or, by some XML writers' escaping, as a line feed.
    stored = text.replace("\r", "\n")
    assert [(c.value.replace("\r", "\n"), c.data_type) for c in quoted] == [(stored, "s")]
