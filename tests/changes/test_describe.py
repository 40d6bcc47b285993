"""Each kind of event in words, with a link to a page a follower may open."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from changes.describe import describe
from changes.models import ChangeEvent
from changes.services import record_change
from inspections import roles
from inspections.models import Inspection
from inspections.services import publish_inspection, record_grade_change
from recommendations import services
from recommendations.models import FollowUpDuty
from tests.factories import InspectionFactory, JudgmentFactory, RecommendationFactory, UserFactory

pytestmark = pytest.mark.django_db
Kind = ChangeEvent.Kind


@pytest.fixture(autouse=True)
def empty_log(db):
    ChangeEvent.objects.all().delete()


def _latest() -> ChangeEvent:
    return ChangeEvent.objects.described().order_by("-pk")[0]


def test_a_publication_names_the_force_programme_date_and_grades():
    draft = InspectionFactory(status=Inspection.Status.DRAFT, published=datetime.date(2026, 6, 3))
    JudgmentFactory(inspection=draft)
    publish_inspection(inspection=draft)
    text = describe(_latest())
    force, programme = draft.force.name, draft.programme.name
    assert text.title == f"{force}: {programme} report published"
    assert text.summary == (
        "Published 3 June 2026. Grades: Leadership of child protection arrangements: Good."
    )
    assert text.path == draft.get_absolute_url()
    assert text.url == settings.SITE_URL + draft.get_absolute_url()


def test_a_date_known_only_to_the_month_is_written_so():
    inspection = InspectionFactory(
        published=datetime.date(2024, 11, 1),
        published_precision=Inspection.Precision.MONTH,
        action_plan_due=None,
    )
    with_month = ChangeEvent(
        kind=Kind.INSPECTION_PUBLISHED,
        force=inspection.force,
        programme=inspection.programme,
        inspection=inspection,
        after={"published": "2024-11-01", "precision": "month", "grades": {}},
    )
    assert describe(with_month).summary == "Published November 2024."


def test_an_embargo_gives_the_local_time():
    draft = InspectionFactory(status=Inspection.Status.DRAFT, published=datetime.date(2026, 6, 3))
    day = timezone.localdate() + datetime.timedelta(days=3)
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))
    publish_inspection(inspection=draft, at=at)
    assert describe(_latest()).summary == (
        f"The report is to be published at 09:30 on {day.day} {day:%B %Y}."
    )


def test_a_grade_correction_gives_both_grades():
    judgment = JudgmentFactory()
    previous = judgment.grade_id
    judgment.grade = judgment.inspection.programme.scale.grades.exclude(pk=previous)[0]
    judgment.save()
    with transaction.atomic():
        record_grade_change(judgment=judgment, previous_grade_id=previous)
    text = describe(_latest())
    assert text.title.endswith(f"{judgment.area.name} grade corrected to {judgment.grade.name}")
    assert "corrected from Good to" in text.summary


def test_a_verification_gives_the_assessment_never_the_comment():
    inspector = UserFactory()
    inspector.groups.add(Group.objects.get(name=roles.INSPECTORS))
    recommendation = RecommendationFactory()
    services.verify_recommendation(
        recommendation=recommendation,
        by=inspector,
        verification_status="met",
        comment="Private words.",
    )
    text = describe(_latest())
    assert text.title == f"{recommendation.inspection.force.name}: recommendation assessed Met"
    assert "from Awaiting review to Met" in text.summary
    assert "Private" not in text.title + text.summary


def test_an_overdue_duty_names_the_duty_and_its_date():
    inspection = InspectionFactory()
    duty = FollowUpDuty.objects.create(
        inspection=inspection,
        kind=FollowUpDuty.Kind.ACTION_PLAN,
        due_date=datetime.date(2026, 2, 1),
    )
    services.record_overdue_duties(today=datetime.date(2026, 3, 1))
    text = describe(ChangeEvent.objects.get(duty=duty))
    assert text.title == f"{inspection.force.name}: force action plan overdue"
    assert "was due on 1 February 2026" in text.summary


def test_every_kind_has_words():
    inspection = InspectionFactory()
    for kind in Kind.values:
        with transaction.atomic():
            record_change(kind=kind, inspection=inspection)
        text = describe(_latest())
        assert text.title.startswith(inspection.force.name), kind
        assert text.summary, kind


def test_an_event_outliving_its_inspection_links_to_the_force():
    inspection = InspectionFactory()
    with transaction.atomic():
        record_change(kind=Kind.GRADE_RECORDED, inspection=inspection)
    force = inspection.force
    inspection.delete()
    assert describe(_latest()).path == f"/forces/{force.slug}/"


def test_a_grade_recorded_on_a_report_of_the_past_names_when_it_was_published():
    """The event is dated when it was recorded, so its words say when the report came out."""
    inspection = InspectionFactory(published=datetime.date(2024, 3, 12))
    with transaction.atomic():
        record_change(
            kind=Kind.GRADE_RECORDED,
            inspection=inspection,
            after={"area": "Investigating crime", "grade": "Adequate"},
        )
    assert describe(_latest()).summary == (
        f"{inspection.programme.name} report published 12 March 2024: "
        "Investigating crime was graded Adequate."
    )


def test_a_drafts_event_names_no_publication_date():
    draft = InspectionFactory(status=Inspection.Status.DRAFT, published=datetime.date(2026, 6, 3))
    with transaction.atomic():
        record_change(
            kind=Kind.GRADE_RECORDED,
            inspection=draft,
            after={"area": "Leadership", "grade": "Good"},
        )
    assert describe(_latest()).summary == f"{draft.programme.name}: Leadership was graded Good."
