"""Recommendations and progress updates: listed, filtered, marked overdue."""

import datetime

import pytest

from recommendations.models import VerificationStatus
from tests.api.builders import every_result
from tests.factories import ProgressUpdateFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


def _ids(results):
    return {row["id"] for row in results}


def test_recommendations_filter_by_force_and_inspection(api, world, gloucestershire):
    a = world.published_a
    mine = every_result(api, f"/api/recommendations/?force={world.force_a.slug}")
    assert _ids(mine) == {a.recommendation.pk}
    assert mine[0]["inspection"] == a.inspection.slug and mine[0]["area"] == "leadership"
    glos = f"/api/recommendations/?inspection={gloucestershire.slug}"
    assert len(every_result(api, f"{glos}&kind=recommendation")) == 18
    assert len(every_result(api, f"{glos}&kind=area_for_improvement")) == 3


def test_recommendations_filter_by_verification_and_force_status(api, world):
    a = world.published_a.recommendation
    a.verification_status = VerificationStatus.MET
    a.force_status = "reported_complete"
    a.save()
    met = every_result(api, "/api/recommendations/?verification_status=met&page_size=200")
    assert a.pk in _ids(met) and world.published_b.recommendation.pk not in _ids(met)
    complete = every_result(api, "/api/recommendations/?force_status=reported_complete")
    assert a.pk in _ids(complete)
    assert api.get("/api/recommendations/?verification_status=maybe").status_code == 400


def test_overdue_means_open_and_past_its_due_date(api, world):
    force = world.force_a.slug
    closed = RecommendationFactory(
        inspection=world.published_a.inspection,
        finding__inspection=world.published_a.inspection,
        due_date=datetime.date(2024, 1, 1),
        verification_status=VerificationStatus.MET,
    )
    not_due = RecommendationFactory(
        inspection=world.published_a.inspection,
        finding__inspection=world.published_a.inspection,
        due_date=datetime.date.today() + datetime.timedelta(days=30),
    )
    overdue = every_result(api, f"/api/recommendations/?force={force}&overdue=true")
    assert _ids(overdue) == {world.published_a.recommendation.pk}
    assert overdue[0]["is_overdue"] is True
    on_time = every_result(api, f"/api/recommendations/?force={force}&overdue=false")
    assert _ids(on_time) == {closed.pk, not_due.pk}
    assert {r["is_overdue"] for r in on_time} == {False}


def test_a_recommendation_comes_with_its_progress_log(api, world):
    recommendation = world.published_b.recommendation
    later = ProgressUpdateFactory(recommendation=recommendation, narrative="Audit done.")
    detail = api.get(f"/api/recommendations/{recommendation.pk}/").json()
    assert [u["id"] for u in detail["progress_updates"]] == [
        world.published_b.progress.pk,
        later.pk,
    ]
    assert "author" not in detail["progress_updates"][0]


def test_progress_updates_filter_by_recommendation_and_force(api, world):
    b = world.published_b
    by_recommendation = every_result(
        api, f"/api/progress-updates/?recommendation={b.recommendation.pk}"
    )
    assert _ids(by_recommendation) == {b.progress.pk}
    by_force = every_result(api, f"/api/progress-updates/?force={world.force_a.slug}")
    assert _ids(by_force) == {world.published_a.progress.pk}
    assert by_force[0]["force_status"] == "in_progress"
    june = every_result(
        api,
        f"/api/progress-updates/?force={world.force_a.slug}"
        "&effective_on_after=2025-06-01&effective_on_before=2025-06-30",
    )
    assert _ids(june) == {world.published_a.progress.pk}
