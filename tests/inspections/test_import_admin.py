"""The admin's report import: upload, preview with corrections, confirm in one transaction."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections.models import Inspection

pytestmark = pytest.mark.django_db

REPORT = (
    (Path(__file__).resolve().parent.parent / "data" / "gloucestershire-2025-ncpi.txt")
    .read_text(encoding="utf-8")
    .replace("Published on: 21 May 2025", "Published on: 3 June 2026")
)
URL = "admin:inspections_inspection_import"


def _upload(client, content: bytes, name="report.txt"):
    return client.post(reverse(URL), {"report": SimpleUploadedFile(name, content)})


def _preview_data(response) -> dict:
    """Every field of the preview form as the browser would send it untouched."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list):
            data[name] = value
        elif value is not None:
            data[name] = value.pk if hasattr(value, "pk") else value
    return data


def test_the_changelist_links_to_the_import(admin_client):
    response = admin_client.get(reverse("admin:inspections_inspection_changelist"))
    assert reverse(URL) in response.text


def test_an_upload_shows_everything_found_beside_its_sentence(admin_client):
    response = _upload(admin_client, REPORT.encode())
    assert response.status_code == 200
    assert "Check what was found" in response.text
    assert "The constabulary didn’t file ten of these reports on COMPACT." in response.text
    assert response.text.count('name="keep__rec__causes_of_concern__') == 18
    assert Inspection.objects.filter(slug="gloucestershire-ncpi-2026-06-03").count() == 0


def test_confirming_creates_the_draft_with_the_admins_corrections(admin_client):
    data = _preview_data(_upload(admin_client, REPORT.encode()))
    data.pop("keep__rec__causes_of_concern__0__0")  # untick one recommendation
    data["text__rec__causes_of_concern__0__1"] = "a corrected recommendation"
    data.pop("keep__stat__0")  # and one statistic
    data["grade__partnership"] = "good"
    response = admin_client.post(reverse(URL), data)
    draft = Inspection.objects.get(slug="gloucestershire-ncpi-2026-06-03")
    assert response.status_code == 302
    assert response.url == reverse("admin:inspections_inspection_change", args=[draft.pk])
    assert draft.status == "draft"
    assert draft.recommendations.filter(kind="recommendation").count() == 17
    assert draft.recommendations.filter(text="a corrected recommendation").exists()
    assert draft.statistics.count() == 21
    assert draft.judgments.get(area__slug="partnership").grade.slug == "good"


def test_a_statistic_corrected_wrongly_is_refused_and_nothing_is_written(admin_client):
    data = _preview_data(_upload(admin_client, REPORT.encode()))
    data["numerator__stat__0"] = 99
    response = admin_client.post(reverse(URL), data)
    assert response.status_code == 200
    assert "The numerator cannot exceed the denominator." in response.text
    assert not Inspection.objects.filter(slug="gloucestershire-ncpi-2026-06-03").exists()


def test_a_tampered_preview_is_refused(admin_client):
    data = _preview_data(_upload(admin_client, REPORT.encode()))
    data["record"] = data["record"][:-3] + "abc"
    response = admin_client.post(reverse(URL), data, follow=True)
    assert "upload the report again" in response.text
    assert not Inspection.objects.filter(slug="gloucestershire-ncpi-2026-06-03").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "The submitted file is empty."), (bytes(range(256)) * 50, "holds binary data")],
)
def test_bad_files_get_a_message(admin_client, content, message):
    response = _upload(admin_client, content)
    assert response.status_code == 200
    assert message in response.text
    assert "errorlist" in response.text


def test_an_unknown_force_is_a_warning_with_near_matches(admin_client):
    text = REPORT.replace("Gloucestershire Constabulary", "Gloucestershir Constabulary")
    response = _upload(admin_client, text.encode())
    assert re.search(r"Did you mean Gloucestershire Constabulary", response.text)


def test_html_with_scripts_is_never_shown_raw(admin_client):
    html = (
        "<html><body><h1>Gloucestershire Constabulary: National child protection inspection"
        "</h1><script>alert('x')</script>"
        + "".join(f"<p>{line}</p>" for line in REPORT.splitlines()[2:] if line.strip())
        + "</body></html>"
    )
    response = _upload(admin_client, html.encode(), name="report.html")
    assert "<script>alert" not in response.text


def test_only_staff_may_import(client, inspector):
    client.force_login(inspector)
    response = client.get(reverse(URL))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_the_preview_opens_on_a_summary_of_each_section_and_every_warning(admin_client):
    text = REPORT.replace("Gloucestershire Constabulary", "Gloucestershir Constabulary")
    response = _upload(admin_client, text.encode())
    summary = response.text.split('class="module app-import-summary"', 1)[1].split("</section>")[0]
    form = response.text.split('class="app-import"', 1)[1]
    first_button = re.search(r"<(?:button|input)[^>]*type=\"submit\"[^>]*>", form)
    assert 'value="refresh"' in first_button.group()  # Enter in a field only updates the page
    for found in (
        "5 of 5 areas graded",
        "Leadership of child protection arrangements: Inadequate",
        "3 found, with 18 recommendations",
        "26 found; 26 ticked",
        "22 found; 22 ticked",
        "Warnings (1)",
        "Did you mean Gloucestershire Constabulary",
    ):
        assert found in summary


def test_areas_are_named_as_the_report_writes_them_not_by_slug(admin_client):
    response = _upload(admin_client, REPORT.encode())
    sections = response.context["sections"]
    areas = {entry["area"] for section in sections for entry in section["items"]}
    assert "Investigating reports of abuse, neglect and exploitation of children" in areas
    assert not areas & {"investigation", "initial_response", "risk_assessment_and_referral"}


def test_each_recommendation_box_has_rows_for_its_whole_text(admin_client):
    form = _upload(admin_client, REPORT.encode()).context["form"]
    for name, field in form.fields.items():
        if name.startswith("text__rec__"):
            attrs = field.widget.attrs
            assert attrs["rows"] * attrs["cols"] >= len(field.initial) + attrs["cols"]


@pytest.mark.parametrize(("verb", "ticked"), [("clear", 0), ("select", 26)])
def test_a_section_button_reshows_the_preview_with_the_section_changed_and_edits_kept(
    admin_client, verb, ticked
):
    data = _preview_data(_upload(admin_client, REPORT.encode()))
    data.pop("keep__main_findings__3")
    data["text__rec__causes_of_concern__0__1"] = "an edit to keep"
    data["section_action"] = f"{verb}:main_findings"
    response = admin_client.post(reverse(URL), data)
    assert response.status_code == 200
    form = response.context["form"]
    main = [form[f"keep__main_findings__{i}"].value() for i in range(26)]
    assert sum(main) == ticked
    assert form["keep__causes_of_concern__0"].value() is True
    assert form["text__rec__causes_of_concern__0__1"].value() == "an edit to keep"
    (section,) = [s for s in response.context["sections"] if s["key"] == "main_findings"]
    assert section["open"] and section["kept"] == ticked
    assert not Inspection.objects.filter(slug="gloucestershire-ncpi-2026-06-03").exists()


def test_clearing_the_causes_clears_their_recommendations_too(admin_client):
    data = _preview_data(_upload(admin_client, REPORT.encode()))
    data["section_action"] = "clear:causes_of_concern"
    data = _preview_data(admin_client.post(reverse(URL), data))
    admin_client.post(reverse(URL), data)
    draft = Inspection.objects.get(slug="gloucestershire-ncpi-2026-06-03")
    assert draft.findings.filter(kind="cause_of_concern").count() == 0
    assert draft.recommendations.filter(kind="recommendation").count() == 0
    assert draft.findings.filter(kind="main_finding").count() == 26


def test_an_unknown_section_action_changes_nothing_and_confirms_nothing(admin_client):
    data = _preview_data(_upload(admin_client, REPORT.encode()))
    data["section_action"] = "clear:everything"
    response = admin_client.post(reverse(URL), data)
    assert response.status_code == 200
    assert sum(s["kept"] for s in response.context["sections"]) == 3 + 3 + 26 + 5 + 22 + 5
    assert not Inspection.objects.filter(slug="gloucestershire-ncpi-2026-06-03").exists()


def test_a_peel_preview_summarises_its_nine_grades_by_the_areas_names(admin_client):
    peel = Path(__file__).resolve().parent.parent / "data" / "peel-2023-25-constructed-sample.txt"
    response = _upload(admin_client, peel.read_bytes(), name="peel.txt")
    assert response.status_code == 200
    assert "9 of 9 areas graded" in response.text
    afis = next(s for s in response.context["sections"] if s["key"] == "areas_for_improvement")
    assert afis["items"]
    assert all(" " in entry["area"] for entry in afis["items"])  # a name, never a slug
