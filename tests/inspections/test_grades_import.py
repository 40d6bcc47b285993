"""Bulk grades from CSV or XLSX: all rows or none, each bad row named with its reason."""

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
    kent = Inspection.objects.get(force__short_name="Kent")
    assert kent.status == "published"
    assert sorted(kent.judgments.values_list("grade__slug", flat=True)) == [
        "good",
        "requires_improvement",
    ]
    essex = Inspection.objects.get(force__short_name="Essex")
    assert (essex.published_precision, essex.published_label()) == ("month", "November 2024")


def test_an_xlsx_works_the_same(admin_client):
    workbook = Workbook()
    sheet = workbook.active
    for line in (HEADER + GOOD_ROWS).splitlines():
        sheet.append(line.split(","))
    data = io.BytesIO()
    workbook.save(data)
    _upload(admin_client, data.getvalue(), name="grades.xlsx")
    assert Inspection.objects.filter(force__short_name__in=["Kent", "Essex"]).count() == 2


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
