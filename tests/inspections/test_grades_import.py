"""Bulk grades from CSV or XLSX: all rows or none, each bad row named with its reason."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from inspections.models import Inspection

pytestmark = pytest.mark.django_db

URL = "admin:inspections_inspection_import_grades"
HEADER = "force,programme,published,area,grade,report_url,source_url\n"
GOOD_ROWS = (
    "Kent Police,National child protection inspection,2025-03-07,working with safeguarding "
    "partners,good,,https://example.org/kent\n"
    "Kent Police,National child protection inspection,2025-03-07,leading child protection "
    "arrangements,Requires improvement,,https://example.org/kent\n"
    "Essex Police,PEEL 2023–25,2024-11,preventing crime,adequate,,https://example.org/essex\n"
)


def _upload(client, content: bytes, name="grades.csv"):
    return client.post(reverse(URL), {"table": SimpleUploadedFile(name, content)}, follow=True)


def test_a_csv_creates_one_published_inspection_per_report(admin_client):
    response = _upload(admin_client, (HEADER + GOOD_ROWS).encode())
    assert "Imported 2 published inspections, 3 judgments from grades.csv." in response.text
    kent = Inspection.objects.get(force__short_name="Kent", programme__slug="ncpi")
    assert kent.status == "published"
    assert sorted(kent.judgments.values_list("grade__slug", flat=True)) == [
        "good",
        "requires_improvement",
    ]
    essex = Inspection.objects.get(force__short_name="Essex", published__year=2024)
    assert (essex.published_precision, essex.published_label()) == ("month", "November 2024")


def test_an_xlsx_works_the_same(admin_client):
    workbook = Workbook()
    sheet = workbook.active
    for line in (HEADER + GOOD_ROWS).splitlines():
        sheet.append(line.split(","))
    data = io.BytesIO()
    workbook.save(data)
    _upload(admin_client, data.getvalue(), name="grades.xlsx")
    # Besides the PEEL reports of fixtures/peel_reports.csv, which have their areas graded.
    imported = Inspection.objects.filter(force__short_name__in=["Kent", "Essex"])
    assert imported.filter(areas_graded__isnull=True).count() == 2


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (
            "Kent Police,National child protection inspection,2025-03-07,leadership,great,,",
            "row 5: grade: “great” is not on the National child protection inspection grade scale.",
        ),
        (
            "Narnia Police,National child protection inspection,2025-03-07,leadership,good,,",
            "row 5: force: “Narnia Police” is not one of the 43 forces",
        ),
        (
            "Kent Police,National child protection inspection,07/03/2025,leadership,good,,",
            "row 5: “07/03/2025” is not a date",
        ),
        (
            "Kent Police,National child protection inspection,2025-03-07,,good,,",
            "row 5: the area is missing.",
        ),
    ],
)
def test_one_bad_row_is_named_and_nothing_is_imported(admin_client, bad_row, message):
    before = Inspection.objects.count()
    response = _upload(admin_client, (HEADER + GOOD_ROWS + bad_row + "\n").encode())
    assert "Nothing was imported." in response.text
    assert message in response.text
    assert Inspection.objects.count() == before


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"force,grade\nKent Police,good\n", "grades.csv", "lacks the column(s) programme"),
        (HEADER.encode(), "grades.csv", "has no rows under its header"),
        (b"PK\x03\x04 not really a workbook", "grades.xlsx", "is not a readable XLSX workbook"),
        (b"\xff\xfe\x00b\x00a\x00d", "grades.csv", "is not UTF-8 text"),
    ],
)
def test_malformed_files_get_a_clear_message(admin_client, content, name, message):
    response = _upload(admin_client, content, name=name)
    assert message in response.text


CLEVELAND = (
    "Cleveland Police,PEEL 2023–25,{published},{area},{grade},,https://example.org/{source}\n"
)


def _xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    data = io.BytesIO()
    workbook.save(data)
    return data.getvalue()


def test_a_day_refines_the_month_of_the_same_inspection_instead_of_adding_one(admin_client):
    fixture = Inspection.objects.get(force__short_name="Cleveland", programme__slug="peel-2023-25")
    assert fixture.published_label() == "April 2025"
    row = CLEVELAND.format(
        published="2025-04-10", area="preventing crime", grade="good", source="news"
    )
    response = _upload(admin_client, (HEADER + row).encode())
    inspections = Inspection.objects.filter(
        force__short_name="Cleveland", programme__slug="peel-2023-25"
    )
    assert inspections.count() == 1
    refined = inspections.get()
    assert refined.pk == fixture.pk
    assert (refined.published.isoformat(), refined.published_precision) == ("2025-04-10", "day")
    assert refined.slug.endswith("2025-04-10")
    assert "Imported nothing new from grades.csv." in response.text
    assert "was dated April 2025; row 2 date it 10 April 2025" in response.text


def test_a_month_row_joins_the_stored_inspection_known_to_the_day(admin_client):
    kent_day = (
        "Kent Police,National child protection inspection,2025-03-07,leadership,good,,"
        "https://example.org/kent\n"
    )
    kent_month = (
        "Kent Police,National child protection inspection,2025-03,partnership,adequate,,"
        "https://example.org/kent\n"
    )
    _upload(admin_client, (HEADER + kent_day).encode())
    _upload(admin_client, (HEADER + kent_month).encode())
    kent = Inspection.objects.get(force__short_name="Kent", programme__slug="ncpi")
    assert kent.published.isoformat() == "2025-03-07"
    assert sorted(kent.judgments.values_list("area__slug", flat=True)) == [
        "leadership",
        "partnership",
    ]


def test_excel_date_cells_are_read_as_dates(admin_client):
    header = HEADER.strip().split(",")
    data = _xlsx(
        [
            header,
            [
                "Kent Police",
                "National child protection inspection",
                datetime.datetime(2024, 7, 23),
                "leadership",
                "good",
                None,
                "https://example.org/kent",
            ],
            ["Essex Police", "PEEL 2023–25", 2024, "preventing crime", "adequate", None, None],
        ]
    )
    response = _upload(admin_client, data, name="grades.xlsx")
    assert "is not a date" not in response.text
    kent = Inspection.objects.get(force__short_name="Kent", programme__slug="ncpi")
    assert (kent.published, kent.published_precision) == (datetime.date(2024, 7, 23), "day")
    essex = Inspection.objects.get(
        force__short_name="Essex", programme__slug="peel-2023-25", published__year=2024
    )
    assert essex.published_label() == "2024"


def test_two_rows_giving_one_area_two_grades_are_named_by_their_row_numbers(admin_client):
    rows = (
        HEADER
        + GOOD_ROWS
        + "Kent Police,National child protection inspection,2025-03-07,working with "
        "safeguarding partners,inadequate,,https://example.org/other\n"
    )
    before = Inspection.objects.count()
    response = _upload(admin_client, rows.encode())
    assert "Nothing was imported." in response.text
    assert "rows 2 and 5 give Kent Police&#x27;s Working with safeguarding partners" in (
        response.text
    )
    assert Inspection.objects.count() == before


def test_a_month_and_a_day_of_one_report_that_disagree_are_a_conflict(admin_client):
    rows = (
        HEADER
        + CLEVELAND.format(
            published="2025-04-10", area="preventing crime", grade="good", source="a"
        )
        + CLEVELAND.format(
            published="2025-04", area="preventing crime", grade="inadequate", source="b"
        )
    )
    response = _upload(admin_client, rows.encode())
    assert "rows 2 and 3 give Cleveland Police" in response.text
    assert "Nothing was imported." in response.text


def test_exact_duplicate_rows_are_imported_once_and_named(admin_client):
    kent = GOOD_ROWS.splitlines()[0] + "\n"
    response = _upload(admin_client, (HEADER + GOOD_ROWS + kent + kent).encode())
    assert "row 5 repeats row 2; imported once." in response.text
    assert "row 6 repeats row 2; imported once." in response.text
    assert (
        Inspection.objects.get(force__short_name="Kent", programme__slug="ncpi").judgments.count()
        == 2
    )


def test_a_row_contradicting_a_stored_grade_is_named_by_its_row_number(admin_client):
    row = CLEVELAND.format(
        published="2025-04", area="preventing crime", grade="inadequate", source="c"
    )
    response = _upload(admin_client, (HEADER + GOOD_ROWS + row).encode())
    assert "row 5: Preventing crime: the source says Inadequate" in response.text


def test_the_import_report_counts_one_thing_in_the_singular():
    from collections import Counter

    from inspections.grades_import import LoadReport

    report = LoadReport(created=Counter({"published inspections": 1, "judgments": 3}))
    assert report.describe() == "1 published inspection, 3 judgments"
    assert LoadReport(created=Counter({"judgments": 1, "forces": 0})).describe() == "1 judgment"


def test_a_single_grade_count_loaded_is_counted_in_the_singular():
    from collections import Counter

    from inspections.grades_import import LoadReport

    report = LoadReport(created=Counter({"published inspections": 1, "grade counts": 1}))
    assert report.describe() == "1 published inspection, 1 grade count"
