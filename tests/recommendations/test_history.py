"""Every change to judgments, recommendations, statuses and publication is kept with who and
when, and a recommendation's history shows on its page."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from inspections.models import Inspection, Judgment
from inspections.services import publish_inspection
from recommendations import services
from tests.factories import InspectionFactory, area, grade
from tests.recommendations.conftest import claim_complete, client_for

pytestmark = pytest.mark.django_db


def test_status_changes_are_kept_with_who_made_them(recommendation, force_leader, inspector):
    claim_complete(recommendation, by=force_leader)
    services.verify_recommendation(
        recommendation=recommendation, by=inspector, verification_status="met", comment="Seen."
    )
    latest, claimed = recommendation.history.order_by("-history_id")[:2]
    assert (claimed.history_user, claimed.force_status) == (force_leader, "reported_complete")
    assert (latest.history_user, latest.verification_status) == (inspector, "met")
    assert latest.history_change_reason == "Inspectorate review"


def test_the_recommendation_page_shows_its_history(recommendation, force_leader, inspector):
    services.revise_due_date(
        recommendation=recommendation,
        by=inspector,
        new_due_date=datetime.date(2025, 10, 1),
        reason="Agreed with the chief constable.",
    )
    response = client_for(Client(), force_leader).get(
        reverse("recommendations:recommendation", args=[recommendation.pk])
    )
    history = response.context["page"].history
    assert history[0].who == "inspector"
    assert [(c.field, c.before, c.after) for c in history[0].changes] == [
        ("Due date", "—", "1 October 2025")
    ]
    content = response.content.decode()
    assert "Due date: — → 1 October 2025" in content
    assert "Agreed with the chief constable." in content


def test_history_records_the_signed_in_user_through_the_middleware(admin_user, recommendation):
    client = client_for(Client(), admin_user)
    url = reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("themes",)
    }
    data.update(
        {
            "verification_status": "closed",
            "inspection": recommendation.inspection_id,
            "finding": recommendation.finding_id,
            "due_date": "",
            "progress_updates-TOTAL_FORMS": 0,
            "progress_updates-INITIAL_FORMS": 0,
            "due_date_revisions-TOTAL_FORMS": 0,
            "due_date_revisions-INITIAL_FORMS": 0,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = recommendation.history.latest("history_id")
    assert latest.verification_status == "closed" and latest.history_user == admin_user
    recommendation.refresh_from_db()
    assert recommendation.version == 2  # an open tracking form now gets a conflict


def test_judgment_changes_are_kept(gloucestershire):
    judgment = Judgment.objects.create(
        inspection=InspectionFactory(), area=area("leadership"), grade=grade("inadequate")
    )
    judgment.grade = grade("good")
    judgment.save()
    history = judgment.history.order_by("history_id")
    assert [(h.history_type, h.grade.slug) for h in history] == [
        ("+", "inadequate"),
        ("~", "good"),
    ]


def test_publication_is_kept_in_the_inspections_history():
    draft = InspectionFactory(status=Inspection.Status.DRAFT, published=datetime.date(2026, 6, 3))
    publish_inspection(inspection=draft)
    statuses = [h.status for h in draft.history.order_by("history_id")]
    assert statuses == ["draft", "published"]


def test_the_admin_shows_history_for_inspections_judgments_and_recommendations(
    admin_user, gloucestershire, recommendation, inspector
):
    services.verify_recommendation(
        recommendation=recommendation, by=inspector, verification_status="closed", comment="x"
    )
    client = client_for(Client(), admin_user)
    judgment = gloucestershire.judgments.first()
    for url in (
        reverse("admin:inspections_inspection_history", args=[gloucestershire.pk]),
        reverse("admin:inspections_judgment_history", args=[judgment.pk]),
        reverse("admin:recommendations_recommendation_history", args=[recommendation.pk]),
    ):
        assert client.get(url).status_code == 200
    page = client.get(
        reverse("admin:recommendations_recommendation_history", args=[recommendation.pk])
    )
    assert b"inspector" in page.content
