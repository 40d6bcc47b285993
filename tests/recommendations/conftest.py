"""Recommendations of Gloucestershire (the force leader's force) and of another force."""

import datetime

import pytest
from django.utils import timezone

from inspections.models import Inspection
from recommendations import services
from recommendations.models import FollowUpDuty, Recommendation
from tests.factories import ForceFactory, InspectionFactory, RecommendationFactory


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def recommendation(gloucestershire) -> Recommendation:
    """The first recommendation of the published Gloucestershire inspection."""
    return gloucestershire.recommendations.filter(kind="recommendation").order_by("pk").first()


@pytest.fixture
def other_recommendation(db) -> Recommendation:
    """A published recommendation of another force."""
    return RecommendationFactory(finding__inspection__force=ForceFactory())


@pytest.fixture
def own_draft_recommendation(gloucestershire) -> Recommendation:
    return RecommendationFactory(
        finding__inspection=InspectionFactory(
            force=gloucestershire.force, status=Inspection.Status.DRAFT, published=None
        )
    )


@pytest.fixture
def other_draft_recommendation(db) -> Recommendation:
    return RecommendationFactory(
        finding__inspection=InspectionFactory(status=Inspection.Status.DRAFT, published=None)
    )


@pytest.fixture
def action_plan(gloucestershire) -> FollowUpDuty:
    """The published inspection's action plan, set when the reference data was loaded."""
    return FollowUpDuty.objects.get(inspection=gloucestershire, kind=FollowUpDuty.Kind.ACTION_PLAN)


def claim_complete(recommendation: Recommendation, by) -> None:
    """The force reports the recommendation complete: a claim waiting for an inspector."""
    services.record_progress(
        recommendation=recommendation,
        author=by,
        force_status="reported_complete",
        narrative="Done.",
        effective_on=datetime.date(2025, 7, 1),
    )


def client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def leader_client(client, force_leader):
    return client_for(client, force_leader)


@pytest.fixture
def inspector_client(client, inspector):
    return client_for(client, inspector)
