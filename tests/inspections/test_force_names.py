"""A force is known by every wording reports and sources use, and is always named canonically."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from inspections.grades_import import import_grades
from inspections.importer.store import find_force
from inspections.models import Force, Inspection

pytestmark = pytest.mark.django_db

REPORT = (
    Path(__file__).resolve().parent.parent / "data" / "gloucestershire-2025-ncpi.txt"
).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("wording", "name"),
    [
        ("Avon & Somerset", "Avon and Somerset Constabulary"),
        ("avon and somerset police", "Avon and Somerset Constabulary"),
        ("Greater Manchester", "Greater Manchester Police"),
        ("GMP", "Greater Manchester Police"),
        ("Devon & Cornwall", "Devon and Cornwall Police"),
        ("Gloucestershire Police", "Gloucestershire Constabulary"),
        ("the Metropolitan Police Service", "Metropolitan Police Service"),
        ("Kent", "Kent Police"),
    ],
)
def test_title_variants_and_aliases_resolve_to_the_force(wording, name):
    assert find_force(wording).name == name


@pytest.mark.parametrize("wording", ["", "Police", "Atlantis Constabulary", "Somerset"])
def test_a_name_of_no_force_is_refused(wording):
    with pytest.raises(ValidationError):
        find_force(wording)


def test_the_grades_import_accepts_an_ampersand():
    row = {
        "force": "Avon & Somerset",
        "programme": "National child protection inspection",
        "published": "2025-09-04",
        "area": "Working with safeguarding partners",
        "grade": "Good",
        "report_url": "",
        "source_url": "https://example.org/avon",
    }
    import_grades([row], source="grades.csv")
    inspection = Inspection.objects.get(
        force__name="Avon and Somerset Constabulary", programme__slug="ncpi"
    )
    assert inspection.judgments.get().grade.slug == "good"


def test_the_json_names_the_force_the_title_resolves_to(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(
        REPORT.replace(
            "Gloucestershire Constabulary: National child protection inspection",
            "Greater Manchester: National child protection inspection",
        ),
        encoding="utf-8",
    )
    out = StringIO()
    call_command(
        "import_report", str(path), "--format", "json", "--dry-run", stdout=out, stderr=StringIO()
    )
    record = json.loads(out.getvalue())
    assert record["force"] == "Greater Manchester Police"
    assert record["force_as_written"] == "Greater Manchester"


def test_the_preview_names_the_resolved_force(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    text = REPORT.replace(
        "Gloucestershire Constabulary: National child protection inspection",
        "Avon & Somerset: National child protection inspection",
    )
    response = admin_client.post(
        reverse("admin:inspections_inspection_import"),
        {"report": SimpleUploadedFile("report.txt", text.encode())},
    )
    assert "The report names “Avon &amp; Somerset”, which is Avon and Somerset Constabulary." in (
        response.text
    )
    chosen = response.context["form"]["force"].value()
    assert chosen == Force.objects.get(name="Avon and Somerset Constabulary").pk
