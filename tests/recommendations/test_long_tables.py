"""A force's tracker, its downloads and the review queue stay as cheap for thousands of
recommendations as for a few: pages are read a page at a time, downloads a chunk at a time."""

import csv
import datetime
import io
import re
import tracemalloc
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from findings.models import Finding
from inspections.models import AssessmentArea, Inspection, Programme
from inspections.sorting import Sort, sort_rows
from recommendations import exports, selectors, tables, views
from recommendations.choices import Acceptance, ForceStatus, VerificationStatus
from recommendations.models import ProgressUpdate, Recommendation
from tests.factories import FindingFactory, InspectionFactory

pytestmark = pytest.mark.django_db

ACCEPTANCES = list(Acceptance.values)
FORCE_STATUSES = list(ForceStatus.values)
VERIFICATIONS = list(VerificationStatus.values)


def add_recommendations(force, count: int, *, published=datetime.date(2024, 1, 10)) -> None:
    """`count` recommendations in a new published inspection of the force, in every state,
    some with progress updates on distinct days."""
    inspection = InspectionFactory(force=force, published=published)
    finding = FindingFactory(
        inspection=inspection,
        kind=Finding.Kind.CAUSE_OF_CONCERN,
        lead_in="With immediate effect, the force should:" if count % 2 else "",
    )
    made = Recommendation.objects.bulk_create(
        Recommendation(
            inspection=inspection,
            finding=finding,
            position=i,
            text=f"{'Make' if i % 3 else 'review'} sure item {(i * 7919) % count} is done",
            due_date=None if i % 7 == 0 else datetime.date(2024, 1 + i % 12, 1 + i % 28),
            acceptance=ACCEPTANCES[i % len(ACCEPTANCES)],
            force_status=FORCE_STATUSES[i % len(FORCE_STATUSES)],
            verification_status=VERIFICATIONS[(i // 3) % len(VERIFICATIONS)],
        )
        for i in range(count)
    )
    start = timezone.make_aware(datetime.datetime(2024, 2, 1, 9))
    dated = made[::4]
    moments = iter(
        start + datetime.timedelta(days=(i * 37) % len(dated), hours=i % 5)
        for i in range(len(dated))
    )
    # Updates are append-only (a database rule), so their times are set as they are made.
    with mock.patch("django.utils.timezone.now", side_effect=lambda: next(moments)):
        ProgressUpdate.objects.bulk_create(
            ProgressUpdate(recommendation=r, effective_on=datetime.date(2024, 6, 1), narrative="x")
            for r in dated
        )


def _row_ids(body: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'id="recommendation-(\d+)"', body)]


def test_the_tracker_shows_a_page_at_a_time_with_links_that_keep_filters_and_sort(
    leader_client, gloucestershire
):
    add_recommendations(gloucestershire.force, 660)
    query = {"status": "not_started", "sort": "due", "order": "asc"}

    first = leader_client.get(reverse("recommendations:my_force"), query)
    second = leader_client.get(reverse("recommendations:my_force"), {**query, "page": "2"})

    body = first.content.decode()
    shown = first.context["shown"]
    assert shown > 2 * views.TRACKER_PAGE_SIZE
    assert len(_row_ids(body)) == views.TRACKER_PAGE_SIZE
    assert f"1 to {views.TRACKER_PAGE_SIZE} of {shown} shown" in body
    assert 'href="?status=not_started&amp;sort=due&amp;order=asc&amp;page=2#tracker"' in body
    assert 'aria-current="page">1</a>' in body and 'rel="next"' in body
    # Sorting and downloading cover every page, so their links name none.
    assert "page=" not in "".join(re.findall(r'app-sort-link" href="([^"]*)"', body))
    assert 'recommendations.csv?status=not_started&amp;sort=due&amp;order=asc"' in body
    # Sorted on the server across pages, not by the browser within one.
    assert 'data-module="moj-sortable-table"' not in body
    assert not set(_row_ids(body)) & set(_row_ids(second.content.decode()))
    assert 'aria-current="page">2</a>' in second.content.decode()


def test_a_page_number_past_the_end_shows_the_last_page(leader_client, gloucestershire):
    add_recommendations(gloucestershire.force, 150)
    response = leader_client.get(reverse("recommendations:my_force"), {"page": "99"})
    assert response.status_code == 200
    last = -(-response.context["shown"] // views.TRACKER_PAGE_SIZE)
    assert last >= 2 and response.context["pagination"].page.number == last
    assert response.context["pagination"].page.has_next() is False


@pytest.mark.parametrize("order", ["asc", "desc"])
@pytest.mark.parametrize("column", list(tables.TRACKER_COLUMNS))
def test_the_database_sorts_every_column_as_the_screen_did_in_python(
    force_leader, gloucestershire, column, order
):
    add_recommendations(gloucestershire.force, 61)
    today = timezone.localdate()
    recommendations = selectors.tracker_recommendations(
        user=force_leader, today=today, force=gloucestershire.force
    )
    unsorted = list(selectors.tracker_rows(recommendations, today=today))
    sort = Sort(column, order == "desc")
    key = tables.TRACKER_COLUMNS[column][1]
    if column == "last-update":  # Python compared days; the database compares moments
        key = lambda row: row.last_update.timestamp() if row.last_update else None  # noqa: E731

    rows = selectors.tracker_rows(recommendations, today=today, sort=sort)
    by_pages = rows[:25] + rows[25:50] + rows[50:]

    expected = [row.recommendation.pk for row in sort_rows(unsorted, key, sort)]
    assert [row.recommendation.pk for row in by_pages] == expected
    assert [row.recommendation.pk for row in rows] == expected  # as a download reads them
    assert len(expected) == rows.count() > 61


def _tracker_queries(client, url, query) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("sort", ["", "recommendation", "inspectorate", "last-update"])
def test_a_tracker_page_costs_the_same_queries_for_few_and_many_rows(
    leader_client, gloucestershire, sort
):
    url, query = reverse("recommendations:my_force"), {"sort": sort, "page": "2"}
    add_recommendations(gloucestershire.force, 120)
    leader_client.get(url, query)  # the synthetic-data answer is cached after the first ask
    few = _tracker_queries(leader_client, url, query)
    add_recommendations(gloucestershire.force, 360, published=datetime.date(2024, 3, 1))
    many = _tracker_queries(leader_client, url, query)
    assert few == many


def test_the_review_queue_shows_a_page_at_a_time(inspector_client, gloucestershire):
    add_recommendations(gloucestershire.force, 900)
    waiting = Recommendation.objects.awaiting_review().count()
    assert waiting > views.REVIEW_QUEUE_PAGE_SIZE
    url = reverse("recommendations:review_queue")

    first = inspector_client.get(url)
    few = _tracker_queries(inspector_client, url, {"page": "2"})
    add_recommendations(gloucestershire.force, 1800, published=datetime.date(2024, 3, 1))
    many = _tracker_queries(inspector_client, url, {"page": "2"})

    body = first.content.decode()
    assert f"{waiting} claims waiting, 1 to 50 shown" in body
    assert len(first.context["items"]) == views.REVIEW_QUEUE_PAGE_SIZE
    assert 'href="?page=2#review-queue"' in body
    assert few == many


def _stream(response) -> list[bytes]:
    assert response.streaming
    return list(response.streaming_content)


def test_a_csv_of_many_rows_streams_and_reads_them_a_chunk_at_a_time(
    leader_client, gloucestershire, monkeypatch
):
    add_recommendations(gloucestershire.force, 900)
    monkeypatch.setattr(selectors.TrackerRows, "CHUNK", 100)
    monkeypatch.setattr(exports, "CSV_LINES_PER_CHUNK", 50)
    read = []
    make_row = selectors._tracker_row
    monkeypatch.setattr(
        selectors, "_tracker_row", lambda r, today: read.append(r) or make_row(r, today)
    )
    url = reverse("recommendations:export_csv", args=[gloucestershire.force.slug])

    response = leader_client.get(url)
    chunks = iter(response.streaming_content)
    first = next(chunks)
    read_for_first = len(read)
    rest = list(chunks)

    rows = list(csv.DictReader(io.StringIO(b"".join([first, *rest]).decode("utf-8-sig"))))
    assert len(rows) == len(read) > 900
    assert len(rest) >= 900 // 50
    assert read_for_first <= 100, "the first lines waited for every row"
    assert first.decode("utf-8-sig").startswith(",".join(exports.HEADERS[:3]))


def _export_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        body = b"".join(response.streaming_content)
    assert response.status_code == 200 and body
    return len(queries)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_download_costs_the_same_queries_for_few_and_many_rows(
    leader_client, gloucestershire, fmt
):
    url = reverse(f"recommendations:export_{fmt}", args=[gloucestershire.force.slug])
    add_recommendations(gloucestershire.force, 100)
    leader_client.get(url)
    few = _export_queries(leader_client, url)
    add_recommendations(gloucestershire.force, 1500, published=datetime.date(2024, 3, 1))
    many = _export_queries(leader_client, url)
    assert few == many


def test_an_excel_download_of_many_rows_is_written_to_a_file_and_sent_from_it(
    leader_client, gloucestershire
):
    add_recommendations(gloucestershire.force, 600)
    url = reverse("recommendations:export_xlsx", args=[gloucestershire.force.slug])

    response = leader_client.get(url, {"sort": "recommendation", "order": "desc"})

    body = b"".join(_stream(response))
    sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == exports.HEADERS
    texts = [row[exports.HEADERS.index("Recommendation")] for row in values[1:]]
    assert len(texts) > 600
    assert texts == sorted(texts, key=str.casefold, reverse=True)


def _rows(count: int):
    """`count` tracker rows made on the fly (one unsaved recommendation, shown again and
    again), so that whatever memory grows with `count` is the download's own."""
    programme = Programme(short_name="Child protection")
    inspection = Inspection(programme=programme, published=datetime.date(2025, 5, 21))
    finding = Finding(area=AssessmentArea(name="Leadership"), lead_in="")
    recommendation = Recommendation(
        inspection=inspection,
        finding=finding,
        text="=make sure the force reviews every referral within a day " * 3,
        due_date=datetime.date(2025, 8, 1),
    )
    row = selectors.TrackerRow(recommendation, None, None, False, None, "")
    return (row for _ in range(count))


def _peak_bytes(download) -> int:
    tracemalloc.start()
    try:
        response = download()
        for _ in response.streaming_content:  # read as a browser reads it, nothing kept
            pass
        response.close()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_download_of_five_times_the_rows_needs_no_more_memory(fmt):
    write = exports.csv_response if fmt == "csv" else exports.xlsx_response

    def download(count: int):
        return lambda: write(_rows(count), filename="tracker", synthetic=True)

    few, many = _peak_bytes(download(1_000)), _peak_bytes(download(5_000))
    # Holding the rows would cost well over 2 MB for 4,000 more (about 300 bytes of text a
    # row, fifteen cells each); written as read, the peak stays put.
    assert many - few < 1_500_000, (few, many)
