"""Hostile input through every entry point: forms, the importer and its command, the grades
import, evidence uploads, the API, sign-in and query strings.

Every refusal is a 4xx or a form error whose message names the problem, and writes nothing.
Markup is text: stored as written, and escaped wherever a page shows it.
"""

import json
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.html import escape
from rest_framework.test import APIClient

from findings.models import CaseFileStatistic, Finding
from inspections.models import Inspection, Judgment, MonitoringStage
from inspections.services import import_report, parse_uploaded_report, publish_inspection
from inspections.validators import reveal_hidden
from recommendations import services, uploads
from recommendations.models import (
    DueDateRevision,
    Evidence,
    FollowUpDuty,
    ProgressUpdate,
    Recommendation,
)
from tests.factories import PASSWORD
from tests.security import corpus

pytestmark = pytest.mark.django_db

WRITTEN = (
    Inspection,
    Judgment,
    Finding,
    CaseFileStatistic,
    Recommendation,
    Recommendation.history.model,
    ProgressUpdate,
    Evidence,
    DueDateRevision,
    MonitoringStage,
)


def _counts() -> dict[str, int]:
    """Rows of every table an entry point writes, and the duties recorded as submitted."""
    counts = {model._meta.label: model.objects.count() for model in WRITTEN}
    counts["submitted duties"] = FollowUpDuty.objects.filter(submitted_on__isnull=False).count()
    return counts


def _stored_files(media_root: Path) -> list[Path]:
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def _form_messages(response) -> str:
    form = response.context["form"]
    return " ".join(str(m) for messages in form.errors.values() for m in messages)


def _assert_escaped(html: str, payload: str) -> None:
    assert payload not in html, f"{payload!r} is shown unescaped"
    assert escape(payload) in html, f"{payload!r} is not shown at all"


@pytest.fixture
def recommendation(gloucestershire) -> Recommendation:
    return gloucestershire.recommendations.filter(kind="recommendation").order_by("pk").first()


@pytest.fixture
def leader_client(client, force_leader):
    client.force_login(force_leader)
    return client


@pytest.fixture
def inspector_client(client, inspector):
    client.force_login(inspector)
    return client


@pytest.fixture
def api() -> APIClient:
    return APIClient()


# Forms of the tracker ------------------------------------------------------------------------


def _progress(recommendation, **overrides) -> dict:
    return {
        "version": recommendation.version,
        "force_status": "in_progress",
        "narrative": "Training delivered to 40 staff.",
        "effective_on": "2025-06-30",
        "links": "",
        **overrides,
    }


@pytest.mark.parametrize(("text", "problem"), corpus.REFUSED_TEXT.values(), ids=corpus.REFUSED_TEXT)
def test_the_progress_form_refuses_hostile_narratives(leader_client, recommendation, text, problem):
    before = _counts()
    url = reverse("recommendations:record_progress", args=[recommendation.pk])
    response = leader_client.post(url, _progress(recommendation, narrative=text))
    assert response.status_code == 400
    assert re.search(problem, " ".join(response.context["form"].errors["narrative"]))
    assert _counts() == before


def test_the_progress_form_keeps_any_language_tabs_and_line_breaks(leader_client, recommendation):
    narrative = "Cyfarfod â’r bartneriaeth\r\n\tمرحبا بالعالم\u200f; naïve café — 👍"
    url = reverse("recommendations:record_progress", args=[recommendation.pk])
    response = leader_client.post(url, _progress(recommendation, narrative=narrative))
    assert response.status_code == 302
    assert recommendation.progress_updates.latest("pk").narrative == narrative


@pytest.mark.parametrize("link", corpus.REFUSED_LINKS.values(), ids=corpus.REFUSED_LINKS)
def test_the_progress_form_refuses_links_that_are_not_web_addresses(
    leader_client, recommendation, link
):
    before = _counts()
    url = reverse("recommendations:record_progress", args=[recommendation.pk])
    links = f"https://example.org/fine\n{link}"
    response = leader_client.post(url, _progress(recommendation, links=links))
    assert response.status_code == 400
    assert re.search(corpus.NOT_A_WEB_ADDRESS, _form_messages(response))
    assert _counts() == before


@pytest.mark.parametrize(
    ("name", "content", "problem"), corpus.evidence_files().values(), ids=corpus.evidence_files()
)
def test_the_progress_form_refuses_hostile_evidence_files(
    leader_client, recommendation, media_root, name, content, problem
):
    before = _counts()
    url = reverse("recommendations:record_progress", args=[recommendation.pk])
    good = SimpleUploadedFile("plan.pdf", corpus.pdf())
    data = _progress(recommendation, files=[good, SimpleUploadedFile(name, content)])
    response = leader_client.post(url, data)
    assert response.status_code == 400
    assert re.search(problem, _form_messages(response)), _form_messages(response)
    assert _counts() == before
    assert _stored_files(media_root) == []


@pytest.mark.parametrize(("name", "quoted"), corpus.HIDDEN_NAMES.values(), ids=corpus.HIDDEN_NAMES)
def test_hidden_characters_in_a_file_name_never_reach_the_page(
    leader_client, recommendation, name, quoted
):
    url = reverse("recommendations:record_progress", args=[recommendation.pk])
    data = _progress(recommendation, files=[SimpleUploadedFile(name, corpus.pdf())])
    assert leader_client.post(url, data).status_code == 302
    stored = Evidence.objects.get(progress_update__recommendation=recommendation)
    assert reveal_hidden(stored.original_name) == stored.original_name  # Django dropped them
    with pytest.raises(ValidationError) as refused:
        uploads.check_files([SimpleUploadedFile(name, corpus.pdf())])
    assert f"“{quoted}” has a hidden control or text-direction character" in str(refused.value)


@pytest.mark.parametrize("payload", corpus.MARKUP.values(), ids=corpus.MARKUP)
def test_markup_in_a_narrative_is_stored_as_written_and_shown_escaped(
    leader_client, inspector, recommendation, payload
):
    url = reverse("recommendations:record_progress", args=[recommendation.pk])
    response = leader_client.post(
        url, _progress(recommendation, narrative=payload, links=corpus.MARKUP_LINK)
    )
    assert response.status_code == 302
    update = recommendation.progress_updates.latest("pk")
    assert update.narrative == payload
    assert update.evidence.get().url == corpus.MARKUP_LINK

    page = leader_client.get(reverse("recommendations:recommendation", args=[recommendation.pk]))
    _assert_escaped(page.text, payload)
    _assert_escaped(page.text, corpus.MARKUP_LINK)
    leader_client.force_login(inspector)
    trace = leader_client.get(reverse("recommendations:trace", args=[recommendation.finding_id]))
    _assert_escaped(trace.text, payload)


@pytest.mark.parametrize(("text", "problem"), corpus.REFUSED_TEXT.values(), ids=corpus.REFUSED_TEXT)
def test_the_review_and_due_date_forms_refuse_hostile_text(
    inspector_client, recommendation, text, problem
):
    before = _counts()
    review = inspector_client.post(
        reverse("recommendations:review", args=[recommendation.pk]),
        {"version": recommendation.version, "verification_status": "not_met", "comment": text},
    )
    revision = inspector_client.post(
        reverse("recommendations:revise_due_date", args=[recommendation.pk]),
        {"version": recommendation.version, "new_due_date": "2026-12-31", "reason": text},
    )
    assert (review.status_code, revision.status_code) == (400, 400)
    assert re.search(problem, " ".join(review.context["form"].errors["comment"]))
    assert re.search(problem, " ".join(revision.context["form"].errors["reason"]))
    assert _counts() == before


def test_an_inspectors_comment_with_markup_is_shown_escaped(inspector_client, recommendation):
    url = reverse("recommendations:review", args=[recommendation.pk])
    data = {"version": recommendation.version, "verification_status": "not_met"}
    assert inspector_client.post(url, {**data, "comment": corpus.IMG_ONERROR}).status_code == 302
    page = inspector_client.get(reverse("recommendations:recommendation", args=[recommendation.pk]))
    _assert_escaped(page.text, corpus.IMG_ONERROR)


@pytest.mark.parametrize(("text", "problem"), corpus.REFUSED_TEXT.values(), ids=corpus.REFUSED_TEXT)
def test_the_monitoring_stage_form_refuses_hostile_reasons(
    inspector_client, gloucestershire, text, problem
):
    before = _counts()
    url = reverse("recommendations:monitoring_stage", args=[gloucestershire.force.slug])
    data = {"stage": "engage", "started_on": "2025-07-01", "reason": text}
    response = inspector_client.post(url, data)
    assert response.status_code == 400
    assert re.search(problem, " ".join(response.context["form"].errors["reason"]))
    assert _counts() == before


@pytest.mark.parametrize("link", corpus.REFUSED_LINKS.values(), ids=corpus.REFUSED_LINKS)
def test_an_action_plans_link_must_be_a_web_address(leader_client, gloucestershire, link):
    duty = FollowUpDuty.objects.get(inspection=gloucestershire, kind="action_plan")
    before = _counts()
    url = reverse("recommendations:duty_submitted", args=[duty.pk])
    response = leader_client.post(url, {"submitted_on": "2025-07-01", "url": link})
    assert response.status_code == 400
    assert response.context["form"].errors["url"]
    assert _counts() == before


# The API -------------------------------------------------------------------------------------


def _api_url(recommendation, what="progress") -> str:
    return f"/api/recommendations/{recommendation.pk}/{what}/"


@pytest.mark.parametrize(("text", "problem"), corpus.REFUSED_TEXT.values(), ids=corpus.REFUSED_TEXT)
def test_the_api_refuses_hostile_text(api, force_leader, inspector, recommendation, text, problem):
    before = _counts()
    api.force_authenticate(force_leader)
    progress = {"force_status": "in_progress", "narrative": text}
    response = api.post(_api_url(recommendation), progress, format="json")
    assert response.status_code == 400
    assert re.search(problem, " ".join(response.json()["narrative"]))

    api.force_authenticate(inspector)
    verdict = {"verification_status": "not_met", "comment": text}
    response = api.post(_api_url(recommendation, "verification"), verdict, format="json")
    assert response.status_code == 400
    assert re.search(problem, " ".join(response.json()["comment"]))
    assert _counts() == before


@pytest.mark.parametrize("link", corpus.REFUSED_LINKS.values(), ids=corpus.REFUSED_LINKS)
def test_the_api_refuses_links_that_are_not_web_addresses(api, force_leader, recommendation, link):
    before = _counts()
    api.force_authenticate(force_leader)
    data = {"force_status": "in_progress", "narrative": "Plan agreed.", "links": [link]}
    response = api.post(_api_url(recommendation), data, format="json")
    assert response.status_code == 400
    assert response.json()["links"]
    assert _counts() == before


@pytest.mark.parametrize("link", corpus.REFUSED_LINKS.values(), ids=corpus.REFUSED_LINKS)
def test_the_form_the_api_and_the_models_refuse_a_link_in_the_same_words(
    api, leader_client, force_leader, recommendation, link
):
    form = leader_client.post(
        reverse("recommendations:record_progress", args=[recommendation.pk]),
        _progress(recommendation, links=f"https://example.org/fine\n{link}"),
    )
    api.force_authenticate(force_leader)
    data = {"force_status": "in_progress", "narrative": "Plan agreed.", "links": [link]}
    answer = api.post(_api_url(recommendation), data, format="json").json()

    form_messages = [str(message) for message in form.context["form"].errors["links"]]
    assert form_messages == answer["links"]["0"]
    assert re.search(corpus.NOT_A_WEB_ADDRESS, form_messages[0])
    for model in (Evidence, FollowUpDuty):  # and the admin, through the models
        with pytest.raises(ValidationError) as refused:
            model._meta.get_field("url").run_validators(link.strip())
        assert form_messages[0] in refused.value.messages


MALFORMED_BODIES = {
    "invalid UTF-8": (b'{"force_status": "in_progress", "narrative": "\xff\xfe"}', 400, "utf-8"),
    "deeply nested": (b"[" * 100_000 + b"]" * 100_000, 400, "nested too deeply"),
    # Over DATA_UPLOAD_MAX_MEMORY_SIZE: refused before anything reads it, in JSON.
    "over the size limit": (
        json.dumps({"force_status": "in_progress", "narrative": "x" * 3_000_000}).encode(),
        413,
        "The request body is too large: at most 2.5 MB.",
    ),
    "not an object": (b'["in_progress", "Plan agreed."]', 400, "Expected a dictionary"),
    "narrative not text": (
        b'{"force_status": "in_progress", "narrative": {"$gt": ""}}',
        400,
        "Not a valid string",
    ),
    "NUL as a JSON escape": (
        b'{"force_status": "in_progress", "narrative": "a\\u0000b"}',
        400,
        "Null characters are not allowed",
    ),
    "lone surrogate": (
        b'{"force_status": "in_progress", "narrative": "a\\ud800b"}',
        400,
        "Surrogate characters are not allowed",
    ),
    "truncated": (b'{"force_status": "in_pro', 400, "JSON parse error"),
    "SQL in a choice": (
        json.dumps({"force_status": corpus.SQL, "narrative": "x"}).encode(),
        400,
        "is not a valid choice",
    ),
}


@pytest.mark.parametrize(
    ("body", "status", "problem"), MALFORMED_BODIES.values(), ids=MALFORMED_BODIES
)
def test_the_api_refuses_malformed_bodies(api, force_leader, recommendation, body, status, problem):
    before = _counts()
    api.force_authenticate(force_leader)
    response = api.post(_api_url(recommendation), body, content_type="application/json")
    assert response.status_code == status
    assert problem in response.content.decode(), response.content[:300]
    assert _counts() == before


def test_markup_sent_to_the_api_is_shown_escaped(api, leader_client, force_leader, recommendation):
    api.force_authenticate(force_leader)
    data = {"force_status": "in_progress", "narrative": corpus.SCRIPT}
    response = api.post(_api_url(recommendation), data, format="json")
    assert response.status_code == 201
    assert response["Content-Type"] == "application/json"
    page = leader_client.get(reverse("recommendations:recommendation", args=[recommendation.pk]))
    _assert_escaped(page.text, corpus.SCRIPT)


# The report import: admin upload and command -------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "problem"), corpus.report_files().values(), ids=corpus.report_files()
)
def test_the_report_import_refuses_hostile_files(admin_client, name, content, problem):
    before = _counts()
    upload = SimpleUploadedFile(name, content)
    response = admin_client.post(reverse("admin:inspections_inspection_import"), {"report": upload})
    assert response.status_code == 200
    assert re.search(problem, " ".join(response.context["form"].errors["report"]))
    assert _counts() == before


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [f for key, f in corpus.report_files().items() if key != "empty file"],
    ids=[key for key in corpus.report_files() if key != "empty file"],
)
def test_the_import_command_refuses_hostile_files(tmp_path, name, content, problem):
    before = _counts()
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError) as refused:
        call_command("import_report", str(path))
    assert re.search(problem, str(refused.value))
    assert _counts() == before


def test_the_import_command_refuses_an_empty_file(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="is empty"):
        call_command("import_report", str(path))


def test_the_import_preview_shows_markup_escaped_and_says_hidden_characters_went(admin_client):
    upload = SimpleUploadedFile("report.txt", corpus.hostile_report().encode())
    response = admin_client.post(reverse("admin:inspections_inspection_import"), {"report": upload})
    assert response.status_code == 200
    html = response.text
    for payload in (corpus.SCRIPT, corpus.IMG_ONERROR, corpus.SVG_ONLOAD, corpus.ATTRIBUTE_BREAK):
        assert payload not in html
    assert escape(corpus.SCRIPT) in html
    assert "2 hidden control or text-direction character(s) were removed" in html
    assert "\u202e" not in html and "\x07" not in html


@pytest.fixture
def hostile_inspection(
    gloucestershire, force_leader, tasks_inline, django_capture_on_commit_callbacks
) -> Inspection:
    """The report with markup in its findings, imported by the importer's services, published
    (its indicators computed), with a claim of completion on a recommendation with markup."""
    parsed = parse_uploaded_report(data=corpus.hostile_report().encode(), filename="report.txt")
    with django_capture_on_commit_callbacks(execute=True):
        inspection, _ = import_report(record=parsed.record)
        inspection = publish_inspection(inspection=inspection)
    claimed = inspection.recommendations.get(text__startswith=corpus.SVG_ONLOAD)
    services.record_progress(
        recommendation=claimed,
        author=force_leader,
        force_status="reported_complete",
        narrative=corpus.SCRIPT,
        effective_on=inspection.published,
        links=[corpus.MARKUP_LINK],
    )
    return inspection


def test_imported_text_is_stored_as_written_without_hidden_characters(hostile_inspection):
    cause = hostile_inspection.findings.get(kind="cause_of_concern", title__contains="<script>")
    assert cause.title.endswith(f"{corpus.SCRIPT} aren’t effective")
    assert f"{corpus.IMG_ONERROR} evil is improving" in cause.body
    assert hostile_inspection.recommendations.filter(text__startswith=corpus.FORMULA).exists()


def _pages(inspection: Inspection) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Page → (who looks, the payloads it must show escaped)."""
    cause = inspection.findings.get(kind="cause_of_concern", title__contains="<script>")
    claimed = inspection.recommendations.get(text__startswith=corpus.SVG_ONLOAD)
    markup = (corpus.SCRIPT, corpus.IMG_ONERROR, corpus.SVG_ONLOAD, corpus.ATTRIBUTE_BREAK)
    return {
        "inspection": (inspection.get_absolute_url(), "anonymous", markup),
        "area": (reverse("dashboards:area", args=["leadership"]), "anonymous", markup[:1]),
        "recommendation": (
            reverse("recommendations:recommendation", args=[claimed.pk]),
            "leader",
            (corpus.SVG_ONLOAD, corpus.SCRIPT, corpus.MARKUP_LINK),
        ),
        "trace": (
            reverse("recommendations:trace", args=[cause.pk]),
            "inspector",
            (corpus.SCRIPT, corpus.IMG_ONERROR, corpus.SVG_ONLOAD, corpus.MARKUP_LINK),
        ),
        "my force": (reverse("recommendations:my_force"), "leader", markup[2:]),
        "review queue": (reverse("recommendations:review_queue"), "inspector", markup[2:3]),
    }


PAGES = ("inspection", "area", "recommendation", "trace", "my force", "review queue")


@pytest.mark.parametrize("page_name", PAGES)
def test_imported_markup_is_shown_escaped(
    client, hostile_inspection, force_leader, inspector, page_name
):
    url, who, payloads = _pages(hostile_inspection)[page_name]
    if who != "anonymous":
        client.force_login(force_leader if who == "leader" else inspector)
    response = client.get(url)
    assert response.status_code == 200
    for payload in payloads:
        _assert_escaped(response.text, payload)


def test_the_tracker_export_is_never_html_and_defuses_formulas(leader_client, hostile_inspection):
    slug = hostile_inspection.force.slug
    response = leader_client.get(reverse("recommendations:export_csv", args=[slug]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    text = response.getvalue().decode("utf-8-sig")
    assert corpus.SVG_ONLOAD in text  # text as written, in a file no browser renders
    assert "'=HYPERLINK(" in text
    assert not re.search(r'(^|,)"?=HYPERLINK', text, re.M)


# The grades import ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "problem"), corpus.grade_files().values(), ids=corpus.grade_files()
)
def test_the_grades_import_refuses_hostile_tables(admin_client, name, content, problem):
    before = _counts()
    upload = SimpleUploadedFile(name, content)
    url = reverse("admin:inspections_inspection_import_grades")
    response = admin_client.post(url, {"table": upload})
    assert response.status_code == 200
    assert re.search(problem, " ".join(response.context["form"].errors["table"]))
    assert _counts() == before


def test_the_good_row_of_those_tables_imports_on_its_own(admin_client):
    url = reverse("admin:inspections_inspection_import_grades")
    table = SimpleUploadedFile("grades.csv", corpus.grades_csv(corpus.GOOD_GRADE_ROW))
    assert admin_client.post(url, {"table": table}).status_code == 302
    assert Inspection.objects.filter(slug="gloucestershire-ncpi-2026-02-09").exists()


def test_the_grades_import_refuses_an_empty_file(admin_client):
    url = reverse("admin:inspections_inspection_import_grades")
    response = admin_client.post(url, {"table": SimpleUploadedFile("grades.csv", b"")})
    assert "The submitted file is empty." in response.context["form"].errors["table"]


# Sign-in and query strings -------------------------------------------------------------------


HOSTILE_VALUES = {
    "sql": corpus.SQL,
    "script": corpus.SCRIPT,
    "NUL": "a\x00b",
    "right-to-left override": "glouc\u202eester",
    "10 kB": "x" * 10_000,
}


SIGN_IN_PAGES = {"sign-in": "login", "admin sign-in": "admin:login"}


@pytest.mark.parametrize("value", HOSTILE_VALUES.values(), ids=HOSTILE_VALUES)
@pytest.mark.parametrize("url_name", SIGN_IN_PAGES.values(), ids=SIGN_IN_PAGES)
def test_hostile_sign_in_attempts_are_refused_with_a_message(client, force_leader, url_name, value):
    for data in ({"username": value, "password": value}, {"username": "leader", "password": value}):
        response = client.post(
            reverse(url_name) + "?next=javascript:window.__pwned=1", data, HTTP_USER_AGENT=value
        )
        assert response.status_code == 200
        assert response.context["form"].errors
        assert "_auth_user_id" not in client.session
        assert value not in response.text or value == escape(value)


@pytest.mark.parametrize("value", HOSTILE_VALUES.values(), ids=HOSTILE_VALUES)
def test_a_hostile_password_reset_request_is_refused_by_name(client, force_leader, value):
    response = client.post(reverse("password_reset"), {"email": value})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert corpus.SCRIPT not in response.text


def test_sign_in_never_sends_anyone_to_a_javascript_address(client, force_leader):
    response = client.post(
        reverse("login"),
        {"username": "leader", "password": PASSWORD, "next": "javascript:window.__pwned=1"},
    )
    assert response.status_code == 302
    assert response.url == reverse("recommendations:my_force")  # the leader's home


FILTERED_PAGES = {
    "overview": ("/dashboards/", ("region", "grade", "area", "programme", "download")),
    "compare": ("/compare/", ("forces", "programme")),
    "area": ("/areas/leadership/", ("programme", "download")),
    "force": ("/forces/gloucestershire/", ("download",)),
    "inspections api": ("/api/inspections/", ("force", "region", "published_after", "page")),
    "judgments api": ("/api/judgments/", ("grade", "region", "area", "page_size")),
    "findings api": ("/api/findings/", ("theme", "kind", "area")),
    "recommendations api": ("/api/recommendations/", ("force", "due_date_after", "overdue")),
    "progress api": ("/api/progress-updates/", ("recommendation", "effective_on_before")),
    "grade indicators api": ("/api/indicators/grades/", ("region", "grade", "national")),
}


@pytest.mark.parametrize("value", HOSTILE_VALUES.values(), ids=HOSTILE_VALUES)
@pytest.mark.parametrize(("path", "params"), FILTERED_PAGES.values(), ids=FILTERED_PAGES)
def test_hostile_filters_are_refused_or_ignored_never_a_server_error(client, path, params, value):
    for param in params:
        response = client.get(path, {param: value})
        assert response.status_code in (200, 400, 404), (param, response.status_code)
        if "html" in response.get("Content-Type", ""):
            assert corpus.SCRIPT not in response.text


@pytest.mark.parametrize("value", HOSTILE_VALUES.values(), ids=HOSTILE_VALUES)
def test_the_trackers_filters_refuse_hostile_values_by_name(leader_client, value):
    for param in ("inspection", "status"):
        response = leader_client.get(reverse("recommendations:my_force"), {param: value})
        assert response.status_code == 400
        assert response.context["form"].errors[param]
        assert corpus.SCRIPT not in response.text
