"""Evidence files: type by content, 10 MB at most, stored outside static, served only to those
who may track the recommendation."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from inspections import roles
from inspections.models import ForceMembership
from recommendations import services, uploads
from recommendations.models import Evidence, ProgressUpdate
from tests.factories import ForceFactory, UserFactory
from tests.recommendations.conftest import client_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("plan.pdf", PDF, "application/pdf"),
        ("Plan.DOCX", _docx(), uploads.ALLOWED[".docx"][0]),
        ("figures.xlsx", _xlsx(), uploads.ALLOWED[".xlsx"][0]),
        ("chart.png", PNG, "image/png"),
        ("photo.jpeg", JPEG, "image/jpeg"),
        ("photo.jpg", JPEG, "image/jpeg"),
        ("notes.txt", "Réunion notes\n".encode(), "text/plain"),
        ("audit.csv", b"case,result\n1,ok\n", "text/csv"),
    ],
)
def test_allowed_types_are_accepted_by_content(name, content, content_type):
    checked = uploads.check_file(_upload(name, content))
    assert checked.content_type == content_type and checked.size == len(content)


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("plan.pdf", b"MZ\x90\x00 not a pdf", "content is not one"),
        ("chart.png", PDF, "content is not one"),
        ("notes.txt", b"\x00\x01\x02binary", "content is not one"),
        ("plan.docx", _xlsx(), "content is not one"),
        ("plan.docx", b"PK\x03\x04 broken zip", "content is not one"),
        ("run.exe", b"MZ\x90\x00", "is not a PDF, DOCX"),
        ("page.html", b"<html></html>", "is not a PDF, DOCX"),
        ("no-extension", PDF, "is not a PDF, DOCX"),
        ("empty.pdf", b"", "is empty"),
    ],
)
def test_files_are_refused_by_name_or_content(name, content, problem):
    with pytest.raises(ValidationError) as error:
        uploads.check_file(_upload(name, content))
    assert problem in error.value.messages[0]


def test_a_file_over_10_mb_is_refused():
    big = _upload("big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        uploads.check_file(big)
    assert "at most 10 MB" in error.value.messages[0]


def test_a_file_of_exactly_10_mb_is_accepted():
    exact = _upload("exact.pdf", PDF + b"0" * (10 * 1024 * 1024 - len(PDF)))
    assert uploads.check_file(exact).size == 10 * 1024 * 1024


def test_a_bad_file_among_good_ones_stores_nothing(recommendation, force_leader, media_root):
    with pytest.raises(ValidationError) as error:
        services.record_progress(
            recommendation=recommendation,
            author=force_leader,
            force_status="in_progress",
            narrative="See attached.",
            effective_on=datetime.date(2025, 7, 1),
            files=[_upload("plan.pdf", PDF), _upload("evil.pdf", b"<script>")],
        )
    assert set(error.value.message_dict) == {"files"}
    assert "evil.pdf" in error.value.message_dict["files"][0]
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()
    assert not any(Path(media_root).rglob("*.pdf"))


def test_a_failed_write_removes_the_files_already_stored(
    recommendation, force_leader, media_root, monkeypatch
):
    original = Evidence.save
    calls = []

    def fail_on_second(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            raise IntegrityError("simulated")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Evidence, "save", fail_on_second)
    with pytest.raises(IntegrityError):
        services.record_progress(
            recommendation=recommendation,
            author=force_leader,
            force_status="in_progress",
            narrative="See attached.",
            effective_on=datetime.date(2025, 7, 1),
            files=[_upload("one.pdf", PDF), _upload("two.pdf", PDF)],
        )
    assert not ProgressUpdate.objects.exists()
    assert not [p for p in Path(media_root).rglob("*") if p.is_file()]


def test_evidence_is_stored_under_media_root_with_a_random_name(recommendation, force_leader):
    update = services.record_progress(
        recommendation=recommendation,
        author=force_leader,
        force_status="in_progress",
        narrative="See attached.",
        effective_on=datetime.date(2025, 7, 1),
        files=[_upload("../../static/evil plan.pdf", PDF)],
    )
    evidence = update.evidence.get()
    path = Path(evidence.file.path)
    assert path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert not path.is_relative_to(Path(settings.STATIC_ROOT))
    assert evidence.original_name == "evil plan.pdf" and "evil" not in path.name
    assert evidence.content_type == "application/pdf" and evidence.size == len(PDF)


def test_evidence_rows_are_append_only(recommendation, force_leader):
    update = services.record_progress(
        recommendation=recommendation,
        author=force_leader,
        force_status="in_progress",
        narrative="Link.",
        effective_on=datetime.date(2025, 7, 1),
        links=["https://example.org/a"],
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.filter(progress_update=update).update(url="https://evil.example/")


def test_the_database_refuses_evidence_that_is_neither_file_nor_link(recommendation, force_leader):
    update = services.record_progress(
        recommendation=recommendation,
        author=force_leader,
        force_status="in_progress",
        narrative="x",
        effective_on=datetime.date(2025, 7, 1),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(progress_update=update)


@pytest.fixture
def stored_evidence(recommendation, force_leader) -> Evidence:
    update = services.record_progress(
        recommendation=recommendation,
        author=force_leader,
        force_status="in_progress",
        narrative="See attached.",
        effective_on=datetime.date(2025, 7, 1),
        files=[_upload("plan.pdf", PDF)],
    )
    return update.evidence.get()


def test_the_forces_leader_and_inspectors_can_download_evidence(
    stored_evidence, force_leader, inspector
):
    url = reverse("recommendations:evidence", args=[stored_evidence.pk])
    for user in (force_leader, inspector):
        response = client_for(Client(), user).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"


def test_evidence_is_not_served_to_anyone_else(stored_evidence, client):
    url = reverse("recommendations:evidence", args=[stored_evidence.pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("login"))

    other_leader = UserFactory(username="other-leader")
    other_leader.groups.add(Group.objects.get(name=roles.FORCE_LEADERS))
    ForceMembership.objects.create(user=other_leader, force=ForceFactory())
    assert client_for(Client(), other_leader).get(url).status_code == 404
    assert client_for(Client(), UserFactory(username="no-role")).get(url).status_code == 403


def test_media_files_have_no_public_url(stored_evidence, client):
    for path in ("/media/", "/", "/static/"):
        assert client.get(path + stored_evidence.file.name).status_code == 404


def test_uploading_through_the_form(recommendation, force_leader):
    leader = client_for(Client(), force_leader)
    url = reverse("recommendations:record_progress", args=[recommendation.pk])
    data = {
        "version": recommendation.version,
        "force_status": "in_progress",
        "narrative": "Audit attached.",
        "effective_on": "2025-07-01",
        "links": "",
        "files": [_upload("audit.csv", b"a,b\n1,2\n"), _upload("fake.png", b"GIF89a")],
    }
    refused = leader.post(url, data)
    assert refused.status_code == 400
    assert "“fake.png” is named as a PNG file but its content is not one." in (
        refused.content.decode().replace("&ldquo;", "“").replace("&rdquo;", "”")
    )
    assert not Evidence.objects.exists()

    data["files"] = [_upload("audit.csv", b"a,b\n1,2\n")]
    assert leader.post(url, data).status_code == 302
    evidence = Evidence.objects.get()
    page = leader.get(reverse("recommendations:recommendation", args=[recommendation.pk]))
    assert reverse("recommendations:evidence", args=[evidence.pk]).encode() in page.content
