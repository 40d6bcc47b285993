"""Progress from the force's own leaders, verdicts from inspectors: one row each, or nothing."""

import datetime

import pytest

from recommendations.models import ProgressUpdate, Recommendation
from tests.api.builders import leader_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROGRESS = {
    "force_status": "in_progress",
    "narrative": "Training started.",
    "effective_on": "2025-06-02",
}
VERDICT = {"verification_status": "met", "comment": "Audit of 40 files seen."}


def _progress_url(recommendation: Recommendation) -> str:
    return f"/api/recommendations/{recommendation.pk}/progress/"


def _verification_url(recommendation: Recommendation) -> str:
    return f"/api/recommendations/{recommendation.pk}/verification/"


def _updates(recommendation: Recommendation) -> int:
    return ProgressUpdate.objects.filter(recommendation=recommendation).count()


def test_a_force_leader_records_progress_on_their_forces_recommendation(api, world, leader_a):
    recommendation = world.published_a.recommendation
    before = ProgressUpdate.objects.count()
    api.force_authenticate(leader_a)
    response = api.post(_progress_url(recommendation), PROGRESS, format="json")
    assert response.status_code == 201, response.content
    assert ProgressUpdate.objects.count() == before + 1
    update = ProgressUpdate.objects.get(pk=response.json()["id"])
    assert (update.author, update.force_status, update.narrative) == (
        leader_a,
        "in_progress",
        "Training started.",
    )
    assert update.effective_on == datetime.date(2025, 6, 2)
    recommendation.refresh_from_db()
    assert recommendation.force_status == "in_progress"


def test_progress_is_dated_today_when_no_date_is_given(api, world, leader_a):
    api.force_authenticate(leader_a)
    data = {"force_status": "reported_complete", "narrative": "Done."}
    response = api.post(_progress_url(world.published_a.recommendation), data, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["effective_on"] == datetime.date.today().isoformat()


@pytest.mark.parametrize("who", ["inspector", "plain user", "other force's leader"])
def test_only_the_forces_own_leaders_may_record_progress(api, world, inspector, who):
    user = {"inspector": inspector, "plain user": UserFactory()}.get(who) or leader_of(
        world.force_b
    )
    recommendation = world.published_a.recommendation
    api.force_authenticate(user)
    response = api.post(_progress_url(recommendation), PROGRESS, format="json")
    assert response.status_code == 403
    assert _updates(recommendation) == 1


def test_signing_in_is_needed_to_write(api, world):
    response = api.post(_progress_url(world.published_a.recommendation), PROGRESS, format="json")
    assert response.status_code == 401
    response = api.post(_verification_url(world.published_a.recommendation), VERDICT, format="json")
    assert response.status_code == 401
    assert _updates(world.published_a.recommendation) == 1


def test_another_forces_draft_is_not_found(api, world):
    api.force_authenticate(leader_of(world.force_b))
    response = api.post(_progress_url(world.draft_a.recommendation), PROGRESS, format="json")
    assert response.status_code == 404
    assert api.post("/api/recommendations/999999/progress/", PROGRESS).status_code == 404
    assert _updates(world.draft_a.recommendation) == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"force_status": "in_progress"}, "narrative"),
        ({"force_status": "met", "narrative": "Met, we think."}, "force_status"),
        ({**PROGRESS, "effective_on": "2 June"}, "effective_on"),
        ({**PROGRESS, "links": ["not a link"]}, "links"),
        # Rules the service checks: the serializer only checks the shape.
        ({**PROGRESS, "effective_on": "2999-01-01"}, "effective_on"),
        ({**PROGRESS, "effective_on": "2020-01-01"}, "effective_on"),
        ({**PROGRESS, "narrative": "   "}, "narrative"),
    ],
)
def test_bad_progress_is_a_400_naming_the_field_and_writes_nothing(
    api, world, leader_a, data, field
):
    recommendation = world.published_a.recommendation
    api.force_authenticate(leader_a)
    response = api.post(_progress_url(recommendation), data, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert _updates(recommendation) == 1
    recommendation.refresh_from_db()
    assert recommendation.force_status == "not_started"


def test_progress_on_an_unpublished_draft_is_refused_with_a_reason(api, world, leader_a):
    api.force_authenticate(leader_a)
    response = api.post(_progress_url(world.draft_a.recommendation), PROGRESS, format="json")
    assert response.status_code == 400
    assert "not published" in response.json()["non_field_errors"][0]
    assert _updates(world.draft_a.recommendation) == 1


def test_a_stale_version_is_a_conflict_and_writes_nothing(api, world, leader_a):
    recommendation = world.published_a.recommendation
    api.force_authenticate(leader_a)
    version = api.get(f"/api/recommendations/{recommendation.pk}/").json()["version"]
    first = api.post(_progress_url(recommendation), {**PROGRESS, "version": version}, format="json")
    assert first.status_code == 201
    second = api.post(
        _progress_url(recommendation), {**PROGRESS, "version": version}, format="json"
    )
    assert second.status_code == 409
    assert second.json()["latest_update"] == first.json()["id"]
    assert _updates(recommendation) == 2


@pytest.mark.parametrize("verdict", ["met", "not_met", "superseded", "closed"])
def test_an_inspector_records_a_verdict(api, world, inspector, verdict):
    recommendation = world.published_b.recommendation
    api.force_authenticate(inspector)
    response = api.post(
        _verification_url(recommendation),
        {**VERDICT, "verification_status": verdict},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["verification_status"] == verdict
    assert response.json()["narrative"] == "Audit of 40 files seen."
    assert _updates(recommendation) == 2
    recommendation.refresh_from_db()
    assert recommendation.verification_status == verdict


@pytest.mark.parametrize("who", ["force leader", "plain user"])
def test_only_inspectors_record_verdicts(api, world, leader_a, who):
    recommendation = world.published_a.recommendation
    api.force_authenticate(leader_a if who == "force leader" else UserFactory())
    response = api.post(_verification_url(recommendation), VERDICT, format="json")
    assert response.status_code == 403
    assert _updates(recommendation) == 1
    recommendation.refresh_from_db()
    assert recommendation.verification_status == "awaiting_review"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({**VERDICT, "verification_status": "awaiting_review"}, "verification_status"),
        ({"verification_status": "met"}, "comment"),
        ({**VERDICT, "comment": ""}, "comment"),
        ({**VERDICT, "version": 0}, "version"),
    ],
)
def test_a_bad_verdict_is_a_400_naming_the_field_and_writes_nothing(
    api, world, inspector, data, field
):
    recommendation = world.published_b.recommendation
    api.force_authenticate(inspector)
    response = api.post(_verification_url(recommendation), data, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert _updates(recommendation) == 1
