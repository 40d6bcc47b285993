"""The change log: each followed change makes exactly one event, written with the change."""

import datetime
import json

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, Group
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from changes.models import ChangeEvent, Visibility
from changes.services import record_change
from inspections import roles
from inspections.grades_import import import_grades
from inspections.importer.store import store_inspection_record
from inspections.models import ForceMembership, Inspection
from inspections.services import import_report, publish_inspection
from recommendations import services
from recommendations.models import FollowUpDuty
from tests.dashboards.test_recompute_entry_points import _change, _posted, inline_regrade
from tests.factories import (
    ForceFactory,
    InspectionFactory,
    JudgmentFactory,
    RecommendationFactory,
    UserFactory,
    area,
    grade,
)

pytestmark = pytest.mark.django_db
Kind = ChangeEvent.Kind
RECORD = settings.BASE_DIR / "fixtures" / "inspections" / "gloucestershire-2025-ncpi.json"


@pytest.fixture(autouse=True)
def empty_log(db):
    """Start from an empty log: loading the reference data recorded its own events."""
    ChangeEvent.objects.all().delete()


@pytest.fixture
def inspector(db):
    user = UserFactory(username="inspector")
    user.groups.add(Group.objects.get(name=roles.INSPECTORS))
    return user


def _leader_of(force):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=roles.FORCE_LEADERS))
    ForceMembership.objects.create(user=user, force=force)
    return user


def _draft(**kwargs) -> Inspection:
    return InspectionFactory(
        status=Inspection.Status.DRAFT, published=datetime.date(2026, 6, 3), **kwargs
    )


def _only_event() -> ChangeEvent:
    (event,) = ChangeEvent.objects.all()
    return event


def test_publishing_makes_one_public_event_with_the_grades():
    draft = _draft()
    JudgmentFactory(inspection=draft)
    publish_inspection(inspection=draft)
    event = _only_event()
    assert event.kind == Kind.INSPECTION_PUBLISHED
    assert (event.force, event.programme, event.inspection) == (
        draft.force,
        draft.programme,
        draft,
    )
    assert event.visibility == Visibility.PUBLIC
    assert event.before == {"status": "draft", "embargo_at": None}
    assert (event.after["status"], event.after["published"]) == ("published", "2026-06-03")
    assert event.after["grades"] == {"Leadership of child protection arrangements": "Good"}


def test_setting_an_embargo_makes_one_event_that_stays_private():
    draft = _draft()
    at = timezone.now() + datetime.timedelta(hours=2)
    publish_inspection(inspection=draft, at=at)
    event = _only_event()
    assert event.kind == Kind.EMBARGO_SET
    assert event.visibility == Visibility.INSPECTORATE_AND_FORCE
    assert event.after == {"status": "scheduled", "embargo_at": at.isoformat()}


def test_a_refused_publication_makes_no_event():
    draft = InspectionFactory(status=Inspection.Status.DRAFT, published=None)
    with pytest.raises(Exception, match="Enter the published date"):
        publish_inspection(inspection=draft)
    assert not ChangeEvent.objects.exists()


def test_a_publication_that_fails_after_writing_leaves_no_event(monkeypatch):
    def fail(force_id):
        raise RuntimeError("queue down")

    monkeypatch.setattr("inspections.services.queue_recompute", fail)
    draft = _draft()
    with pytest.raises(RuntimeError):
        publish_inspection(inspection=draft)
    assert not ChangeEvent.objects.exists()
    draft.refresh_from_db()
    assert draft.status == Inspection.Status.DRAFT


def test_a_rolled_back_transaction_takes_its_event_with_it():
    inspection = InspectionFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        record_change(kind=Kind.GRADE_CORRECTED, inspection=inspection)
        raise RuntimeError("the change failed after its event was written")
    assert not ChangeEvent.objects.exists()


def _record(published: str) -> dict:
    """The Gloucestershire report, as if published again on another day."""
    record = json.loads(RECORD.read_text(encoding="utf-8"))
    return {**record, "published": published, "action_plan_due": ""}


def test_a_report_imported_as_a_draft_makes_no_event_until_it_is_published():
    draft, _ = import_report(record=_record("2026-01-09"))
    assert not ChangeEvent.objects.exists()
    publish_inspection(inspection=draft)
    event = _only_event()
    assert event.kind == Kind.INSPECTION_PUBLISHED
    assert event.after["grades"]["Leadership of child protection arrangements"] == "Inadequate"


def test_a_report_stored_as_published_makes_one_event_with_its_grades():
    inspection = store_inspection_record(record=_record("2026-01-09"), status="published")
    event = _only_event()
    assert (event.kind, event.inspection, event.visibility) == (
        Kind.INSPECTION_PUBLISHED,
        inspection,
        Visibility.PUBLIC,
    )
    assert len(event.after["grades"]) == inspection.judgments.count() > 0


def test_grades_imported_make_one_event_per_report_and_per_grade():
    rows = [
        {
            "force": "Kent Police",
            "programme": "National child protection inspection",
            "published": "2025-03-07",
            "area": area,
            "grade": grade,
            "report_url": "",
            "source_url": "https://example.org/kent",
        }
        for area, grade in (
            ("working with safeguarding partners", "good"),
            ("leading child protection arrangements", "requires improvement"),
        )
    ]
    import_grades(rows, source="grades.csv")
    kent = Inspection.objects.get(force__short_name="Kent", programme__slug="ncpi")
    events = ChangeEvent.objects.filter(inspection=kent)
    assert sorted(events.values_list("kind", flat=True)) == [
        Kind.GRADE_RECORDED,
        Kind.GRADE_RECORDED,
        Kind.INSPECTION_PUBLISHED,
    ]
    assert set(events.values_list("visibility", flat=True)) == {Visibility.PUBLIC}
    graded = events.filter(kind=Kind.GRADE_RECORDED).order_by("area__name")
    assert [e.after for e in graded] == [
        {"area": "Leadership of child protection arrangements", "grade": "Requires improvement"},
        {"area": "Working with safeguarding partners", "grade": "Good"},
    ]
    assert all(e.area_id and e.programme.slug == "ncpi" for e in graded)
    import_grades(rows, source="grades.csv")  # the same table again changes nothing
    assert events.count() == 3


def test_verifying_makes_one_event_without_the_inspectors_comment(inspector):
    recommendation = RecommendationFactory()
    services.verify_recommendation(
        recommendation=recommendation,
        by=inspector,
        verification_status="met",
        comment="Seen the audit: private words.",
    )
    event = _only_event()
    assert event.kind == Kind.RECOMMENDATION_STATUS_CHANGED
    assert (event.recommendation, event.force) == (recommendation, recommendation.inspection.force)
    assert event.area_id == recommendation.finding.area_id
    assert event.before == {"verification_status": "awaiting_review"}
    assert event.after == {"verification_status": "met"}
    assert "private words" not in str(event.before) + str(event.after)
    assert event.visibility == Visibility.PUBLIC


def test_a_verification_that_fails_after_writing_leaves_no_event(inspector, monkeypatch):
    def fail(force_id):
        raise RuntimeError("queue down")

    monkeypatch.setattr("recommendations.services.queue_recompute", fail)
    recommendation = RecommendationFactory()
    with pytest.raises(RuntimeError):
        services.verify_recommendation(
            recommendation=recommendation, by=inspector, verification_status="met", comment="Ok."
        )
    assert not ChangeEvent.objects.exists()


def test_revising_a_due_date_makes_one_event(inspector):
    recommendation = RecommendationFactory(due_date=datetime.date(2025, 9, 1))
    services.revise_due_date(
        recommendation=recommendation,
        by=inspector,
        new_due_date=datetime.date(2025, 12, 1),
        reason="Agreed extension.",
    )
    event = _only_event()
    assert event.kind == Kind.DUE_DATE_CHANGED
    assert (event.before, event.after) == ({"due_date": "2025-09-01"}, {"due_date": "2025-12-01"})


def test_recording_a_duty_submitted_makes_one_event(inspector):
    inspection = InspectionFactory()
    duty = FollowUpDuty.objects.create(
        inspection=inspection,
        kind=FollowUpDuty.Kind.PCC_RESPONSE,
        due_date=datetime.date(2025, 5, 9),
    )
    services.record_duty_submitted(
        duty=duty, by=inspector, submitted_on=datetime.date(2025, 5, 1), url="https://example.org/r"
    )
    event = _only_event()
    assert (event.kind, event.inspection) == (Kind.DUTY_SUBMITTED, inspection)
    assert event.duty == duty
    assert event.after == {"duty": "pcc_response", "submitted_on": "2025-05-01"}


def test_each_overdue_duty_is_recorded_once_and_a_drafts_never():
    overdue = FollowUpDuty.objects.create(
        inspection=InspectionFactory(),
        kind=FollowUpDuty.Kind.ACTION_PLAN,
        due_date=datetime.date(2025, 5, 9),
    )
    FollowUpDuty.objects.create(  # submitted in time
        inspection=InspectionFactory(),
        kind=FollowUpDuty.Kind.ACTION_PLAN,
        due_date=datetime.date(2025, 5, 9),
        submitted_on=datetime.date(2025, 5, 1),
        url="https://example.org/plan",
    )
    FollowUpDuty.objects.create(  # not yet due
        inspection=InspectionFactory(),
        kind=FollowUpDuty.Kind.ACTION_PLAN,
        due_date=datetime.date(2025, 5, 10),
    )
    FollowUpDuty.objects.create(
        inspection=_draft(), kind=FollowUpDuty.Kind.ACTION_PLAN, due_date=datetime.date(2025, 5, 9)
    )
    FollowUpDuty.objects.exclude(inspection__force__slug__startswith="testshire").delete()
    today = datetime.date(2025, 5, 10)
    assert services.record_overdue_duties(today=today) == 1
    event = _only_event()
    assert (event.kind, event.duty, event.visibility) == (
        Kind.DUTY_OVERDUE,
        overdue,
        Visibility.PUBLIC,
    )
    assert event.after == {"duty": "action_plan", "due_date": "2025-05-09"}
    assert services.record_overdue_duties(today=today) == 0
    assert ChangeEvent.objects.count() == 1


def test_the_database_records_a_duty_overdue_only_once():
    duty = FollowUpDuty.objects.create(
        inspection=InspectionFactory(),
        kind=FollowUpDuty.Kind.ACTION_PLAN,
        due_date=datetime.date(2025, 5, 9),
    )
    with transaction.atomic():
        record_change(kind=Kind.DUTY_OVERDUE, inspection=duty.inspection, duty=duty)
    with pytest.raises(IntegrityError), transaction.atomic():
        record_change(kind=Kind.DUTY_OVERDUE, inspection=duty.inspection, duty=duty)


def test_the_beat_schedule_records_overdue_duties(settings):
    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "recommendations.tasks.record_overdue_duties" in tasks_scheduled


def test_a_drafts_events_are_seen_only_by_the_inspectorate_and_its_force(inspector):
    draft = _draft()
    with transaction.atomic():
        draft_event = record_change(kind=Kind.GRADE_RECORDED, inspection=draft)
    public_event = publish_inspection(inspection=draft) and ChangeEvent.objects.latest("pk")
    draft_event.refresh_from_db()
    assert draft_event.visibility == Visibility.INSPECTORATE_AND_FORCE  # not made public later

    def seen_by(user):
        return set(ChangeEvent.objects.visible_to(user))

    assert seen_by(AnonymousUser()) == {public_event}
    assert seen_by(_leader_of(ForceFactory())) == {public_event}
    assert seen_by(_leader_of(draft.force)) == {draft_event, public_event}
    assert seen_by(inspector) == {draft_event, public_event}


def test_the_database_refuses_an_unknown_kind():
    inspection = InspectionFactory()
    with pytest.raises(Exception, match="changes_changeevent_kind_known"), transaction.atomic():
        ChangeEvent.objects.create(
            kind="rumour", force=inspection.force, visibility=Visibility.PUBLIC
        )


def test_a_grade_corrected_in_the_admin_makes_one_event(admin_client, gloucestershire):
    judgment = gloucestershire.judgments.exclude(grade__slug="good").first()
    was = judgment.grade.name
    _change(admin_client, judgment)()  # saved unchanged: nothing to follow
    assert not ChangeEvent.objects.exists()
    _change(admin_client, judgment, grade=grade("good").pk)()
    event = _only_event()
    assert (event.kind, event.area, event.visibility) == (
        Kind.GRADE_CORRECTED,
        judgment.area,
        Visibility.PUBLIC,
    )
    assert event.before == {"area": judgment.area.name, "grade": was}
    assert event.after == {"area": judgment.area.name, "grade": "Good"}


def test_a_grade_corrected_on_the_inspection_page_makes_one_event(admin_client):
    inspection, judgment, change = inline_regrade(admin_client)
    _change(admin_client, inspection, **change)()
    event = _only_event()
    assert (event.kind, event.area) == (Kind.GRADE_CORRECTED, judgment.area)
    assert event.after["grade"] == "Good"


def _add(client, model: str, **fields):
    url = reverse(f"admin:{model}_add")
    response = client.post(url, {**_posted(client.get(url)), **fields})
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_a_cause_of_concern_and_its_recommendation_added_in_the_admin_make_one_event_each(
    admin_client, gloucestershire
):
    leadership = area("leadership")
    for position, (kind, title) in enumerate(
        [("area_for_improvement", "Not followed"), ("cause_of_concern", "Referrals wait too long")],
        start=90,
    ):
        _add(
            admin_client,
            "findings_finding",
            inspection=gloucestershire.pk,
            area=leadership.pk,
            kind=kind,
            title=title,
            position=position,
        )
    event = _only_event()  # an area for improvement is not followed
    assert (event.kind, event.area, event.after) == (
        Kind.CAUSE_OF_CONCERN_ADDED,
        leadership,
        {"title": "Referrals wait too long"},
    )
    ChangeEvent.objects.all().delete()
    concern = gloucestershire.findings.get(title="Referrals wait too long")
    _add(
        admin_client,
        "recommendations_recommendation",
        inspection=gloucestershire.pk,
        finding=concern.pk,
        kind="recommendation",
        text="Answer referrals within a day.",
        due_date="2026-03-01",
        position=9,
    )
    event = _only_event()
    assert (event.kind, event.recommendation.text, event.visibility) == (
        Kind.RECOMMENDATION_ADDED,
        "Answer referrals within a day.",
        Visibility.PUBLIC,
    )
    assert event.after == {"text": "Answer referrals within a day.", "due_date": "2026-03-01"}


def test_a_cause_of_concern_added_on_the_inspection_page_makes_one_event(admin_client):
    inspection, _, _ = inline_regrade(admin_client)  # one whose inlines post back as shown
    url = reverse("admin:inspections_inspection_change", args=[inspection.pk])
    data = _posted(admin_client.get(url))
    new = int(data["findings-TOTAL_FORMS"])
    data |= {
        "findings-TOTAL_FORMS": new + 1,
        f"findings-{new}-kind": "cause_of_concern",
        f"findings-{new}-area": area("leadership").pk,
        f"findings-{new}-title": "Added on the inspection page",
        f"findings-{new}-position": 99,
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302
    event = _only_event()
    assert (event.kind, event.inspection, event.after) == (
        Kind.CAUSE_OF_CONCERN_ADDED,
        inspection,
        {"title": "Added on the inspection page"},
    )


def test_a_due_date_and_status_changed_in_the_admin_make_one_event_each(
    admin_client, gloucestershire
):
    recommendation = gloucestershire.recommendations.filter(kind="recommendation").first()
    was = recommendation.due_date
    _change(admin_client, recommendation, force_status="in_progress")()  # the force's own claim
    assert not ChangeEvent.objects.exists()
    _change(admin_client, recommendation, due_date="2026-02-02", verification_status="met")()
    events = {e.kind: e for e in ChangeEvent.objects.filter(recommendation=recommendation)}
    assert set(events) == {Kind.DUE_DATE_CHANGED, Kind.RECOMMENDATION_STATUS_CHANGED}
    due = events[Kind.DUE_DATE_CHANGED]
    assert (due.before, due.after) == (
        {"due_date": was and was.isoformat()},
        {"due_date": "2026-02-02"},
    )
    assert events[Kind.RECOMMENDATION_STATUS_CHANGED].after == {"verification_status": "met"}
    assert ChangeEvent.objects.count() == 2
