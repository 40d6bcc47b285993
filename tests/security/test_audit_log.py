"""Sign-ins and changes of status, grade and publication each leave one structured log record."""

import datetime
import json
import logging
from logging.config import DictConfigurator

import pytest
from django.urls import reverse

from config.logs import logging_config
from inspections.models import Grade, Inspection, Judgment
from inspections.services import publish_inspection
from recommendations import services
from tests.factories import PASSWORD, InspectionFactory, UserFactory

pytestmark = pytest.mark.django_db

WRONG = "not-the-password-Zq81"


@pytest.fixture(autouse=True)
def _info(caplog):
    caplog.set_level(logging.INFO)


def _events(caplog, event: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if getattr(r, "event", None) == event]


def _one(caplog, event: str) -> logging.LogRecord:
    found = _events(caplog, event)
    assert len(found) == 1, [r.getMessage() for r in caplog.records]
    return found[0]


@pytest.fixture
def alice(db):
    return UserFactory(username="alice")


@pytest.fixture
def recommendation(gloucestershire):
    return gloucestershire.recommendations.filter(kind="recommendation").order_by("pk").first()


def test_a_sign_in_is_logged_with_the_user_and_address(client, alice, caplog):
    client.post(
        reverse("login"), {"username": "alice", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3"
    )
    record = _one(caplog, "sign_in")
    assert (record.user, record.user_id, record.ip) == ("alice", alice.pk, "10.1.2.3")
    assert PASSWORD not in caplog.text


def test_a_failed_sign_in_is_logged_without_the_password(client, alice, caplog):
    client.post(reverse("login"), {"username": "alice", "password": WRONG})
    record = _one(caplog, "sign_in_failed")
    assert record.user == "alice"
    assert record.levelno == logging.WARNING
    assert _events(caplog, "sign_in") == []
    every_field = json.dumps([vars(r) for r in caplog.records], default=str)
    assert WRONG not in every_field


def test_a_lockout_is_logged(client, alice, caplog):
    for _ in range(5):
        client.post(reverse("login"), {"username": "alice", "password": WRONG})
    assert len(_events(caplog, "sign_in_failed")) == 5
    assert _one(caplog, "sign_in_locked_out").user == "alice"


def test_a_sign_out_is_logged(client, alice, caplog):
    client.force_login(alice)
    client.post(reverse("logout"))
    record = _one(caplog, "sign_out")
    assert (record.user, record.user_id) == ("alice", alice.pk)


def test_a_progress_update_logs_the_status_change_and_the_update(
    recommendation, force_leader, caplog
):
    before = recommendation.force_status
    update = services.record_progress(
        recommendation=recommendation,
        author=force_leader,
        force_status="in_progress",
        narrative="Training started.",
        effective_on=datetime.date(2025, 7, 1),
    )
    change = _one(caplog, "recommendation_changed")
    assert change.object_id == recommendation.pk
    assert change.inspection_id == recommendation.inspection_id
    assert (change.user, change.user_id) == ("leader", force_leader.pk)
    assert change.changes == {"force_status": {"old": before, "new": "in_progress"}}
    assert change.reason == "Progress update"
    logged = _one(caplog, "progress_update_created")
    assert (logged.object_id, logged.recommendation_id) == (update.pk, recommendation.pk)
    assert (logged.user, logged.force_status) == ("leader", "in_progress")


def test_an_assessment_logs_the_verification_change(recommendation, inspector, caplog):
    before = recommendation.verification_status
    services.verify_recommendation(
        recommendation=recommendation, by=inspector, verification_status="met", comment="Seen."
    )
    change = _one(caplog, "recommendation_changed")
    assert change.changes == {"verification_status": {"old": before, "new": "met"}}
    assert change.user == "inspector"
    assert _one(caplog, "progress_update_created").verification_status == "met"


def test_publishing_logs_the_status(caplog):
    draft = InspectionFactory(status=Inspection.Status.DRAFT, published=datetime.date(2026, 6, 3))
    caplog.clear()
    publish_inspection(inspection=draft)
    change = _one(caplog, "inspection_changed")
    assert change.object_id == change.inspection_id == draft.pk
    assert change.changes["status"] == {"old": "draft", "new": "published"}


def test_a_new_judgment_logs_its_grade(gloucestershire, caplog):
    judgment = gloucestershire.judgments.first()
    grade_id, area_id = judgment.grade_id, judgment.area_id
    judgment.delete()
    deleted = _one(caplog, "judgment_deleted")
    assert deleted.changes == {"grade": {"old": grade_id, "new": None}}
    Judgment.objects.create(inspection=gloucestershire, area_id=area_id, grade_id=grade_id)
    created = _one(caplog, "judgment_created")
    assert created.changes == {"grade": {"old": None, "new": grade_id}}
    assert created.inspection_id == gloucestershire.pk


def test_a_grade_changed_in_the_admin_is_logged_with_the_admin(admin_client, admin_user, caplog):
    judgment = Judgment.objects.select_related("grade").first()
    other = Grade.objects.filter(scale=judgment.grade.scale).exclude(pk=judgment.grade_id).first()
    response = admin_client.post(
        reverse("admin:inspections_judgment_change", args=[judgment.pk]),
        {
            "inspection": judgment.inspection_id,
            "area": judgment.area_id,
            "grade": other.pk,
            "summary": judgment.summary,
            "source_url": judgment.source_url,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    change = _one(caplog, "judgment_changed")
    assert change.changes == {"grade": {"old": judgment.grade_id, "new": other.pk}}
    assert (change.user, change.user_id) == ("admin", admin_user.pk)


def test_an_edit_of_other_fields_is_not_logged(gloucestershire, caplog):
    gloucestershire.summary = "Reworded."
    gloucestershire.save()
    assert _events(caplog, "inspection_changed") == []


def test_the_json_formatter_writes_one_object_with_the_fields(recommendation, inspector, caplog):
    services.verify_recommendation(
        recommendation=recommendation, by=inspector, verification_status="met", comment="Seen."
    )
    record = _one(caplog, "recommendation_changed")
    line = _formatter("json").format(record)
    assert "\n" not in line
    logged = json.loads(line)
    assert logged["level"] == "INFO"
    assert logged["logger"] == "recommendations.audit"
    assert logged["event"] == "recommendation_changed"
    assert logged["user"] == "inspector"
    assert logged["object_id"] == recommendation.pk
    assert logged["changes"]["verification_status"]["new"] == "met"
    assert datetime.datetime.fromisoformat(logged["time"])
    assert logged["message"].startswith(f"Recommendation {recommendation.pk} changed by inspector")


def test_the_text_formatter_writes_the_message(alice, client, caplog):
    client.post(reverse("login"), {"username": "alice\nforged line", "password": WRONG})
    line = _formatter("text").format(_one(caplog, "sign_in_failed"))
    assert "WARNING inspections.audit: Failed sign-in as 'alice\\nforged line'" in line
    assert "\n" not in line


def _formatter(log_format: str) -> logging.Formatter:
    """The formatter that settings.LOGGING builds for this format, as dictConfig builds it."""
    config = logging_config(log_format=log_format, level="INFO")
    return DictConfigurator(config).configure_formatter(config["formatters"][log_format])
