"""A report without 'Published on:' imports as an undated draft; publishing needs the date."""

import importlib.util
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from inspections.models import Inspection

pytestmark = pytest.mark.django_db

_spec = importlib.util.spec_from_file_location(
    "import_admin", Path(__file__).with_name("test_import_admin.py")
)
import_admin = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(import_admin)

UNDATED = import_admin.REPORT.replace("Published on: 3 June 2026", "")
SLUG = "gloucestershire-ncpi-undated"


def test_the_command_imports_an_undated_draft(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(UNDATED, encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("import_report", str(path), stdout=out, stderr=err)
    draft = Inspection.objects.get(slug=SLUG)
    assert (draft.status, draft.published, draft.action_plan_due) == ("draft", None, None)
    assert draft.recommendations.filter(kind="recommendation").count() == 18
    assert "Warning: No publication date ('Published on: …') was found." in out.getvalue()


def test_the_preview_asks_for_the_date_and_keeps_the_draft_undated_if_left_empty(admin_client):
    response = import_admin._upload(admin_client, UNDATED.encode())
    assert "The report gives no published date: enter it here" in response.text
    data = import_admin._preview_data(response)
    assert "published" not in data
    response = admin_client.post(reverse(import_admin.URL), data)
    assert response.status_code == 302
    assert Inspection.objects.get(slug=SLUG).published is None


def test_a_date_entered_in_the_preview_dates_the_draft(admin_client):
    data = import_admin._preview_data(import_admin._upload(admin_client, UNDATED.encode()))
    data["published"] = "2026-06-03"
    admin_client.post(reverse(import_admin.URL), data)
    draft = Inspection.objects.get(slug="gloucestershire-ncpi-2026-06-03")
    assert draft.action_plan_due is not None


def test_publishing_an_undated_draft_is_refused_with_a_clear_message(admin_client, tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(UNDATED, encoding="utf-8")
    call_command("import_report", str(path), stdout=StringIO(), stderr=StringIO())
    draft = Inspection.objects.get(slug=SLUG)
    response = admin_client.post(
        reverse("admin:inspections_inspection_changelist"),
        {"action": "publish_now", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "Enter the published date before publishing" in response.text
    draft.refresh_from_db()
    assert draft.status == "draft" and not draft.follow_up_duties.exists()
