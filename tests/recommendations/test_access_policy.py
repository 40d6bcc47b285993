"""inspections.policy: the one answer to who may see and do what, for rows and for one object."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from inspections import policy
from recommendations.models import FollowUpDuty, Recommendation
from tests.factories import ProgressUpdateFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(force_leader, inspector, admin_user) -> dict:
    return {
        "anonymous": AnonymousUser(),
        "plain user": UserFactory(),
        "leader": force_leader,
        "inspector": inspector,
        "admin": admin_user,
    }


@pytest.fixture
def four(
    recommendation, own_draft_recommendation, other_recommendation, other_draft_recommendation
):
    """The leader's force's published recommendation and draft, and another force's."""
    return {
        "own": recommendation,
        "own draft": own_draft_recommendation,
        "other": other_recommendation,
        "other draft": other_draft_recommendation,
    }


EVERYTHING = {"own", "own draft", "other", "other draft"}
EXPECTED = {
    policy.VIEW: {
        "anonymous": {"own", "other"},
        "plain user": {"own", "other"},
        "leader": {"own", "own draft", "other"},
        "inspector": EVERYTHING,
        "admin": EVERYTHING,
    },
    policy.TRACK: {
        "anonymous": set(),
        "plain user": set(),
        "leader": {"own", "own draft"},
        "inspector": EVERYTHING,
        "admin": EVERYTHING,
    },
    policy.REPORT: {
        "anonymous": set(),
        "plain user": set(),
        "leader": {"own", "own draft"},
        "inspector": set(),
        "admin": EVERYTHING,
    },
    policy.VERIFY: {
        "anonymous": set(),
        "plain user": set(),
        "leader": set(),
        "inspector": EVERYTHING,
        "admin": EVERYTHING,
    },
}


@pytest.mark.parametrize("action", list(EXPECTED))
def test_rows_and_single_objects_get_the_same_answer(people, four, action):
    rows = Recommendation.objects.filter(pk__in=[r.pk for r in four.values()])
    for who, user in people.items():
        restricted = set(policy.restrict(rows, user, action))
        allowed = {name for name, r in four.items() if policy.allows(user, action, r)}
        assert allowed == EXPECTED[action][who], who
        assert restricted == {four[name] for name in allowed}, who


def test_only_the_inspectorate_and_the_forces_leaders_read_its_narratives(people, recommendation):
    update = ProgressUpdateFactory(recommendation=recommendation)
    hidden = {who: policy.hidden_fields(user, update) for who, user in people.items()}
    assert hidden == {
        "anonymous": ("narrative",),
        "plain user": ("narrative",),
        "leader": (),
        "inspector": (),
        "admin": (),
    }


def test_the_force_marks_its_action_plan_and_the_inspectorate_the_commissioners_response(
    people, action_plan
):
    response = FollowUpDuty.objects.get(
        inspection=action_plan.inspection, kind=FollowUpDuty.Kind.PCC_RESPONSE
    )
    may = {
        who: (
            policy.allows(user, policy.SUBMIT_DUTY, action_plan),
            policy.allows(user, policy.SUBMIT_DUTY, response),
        )
        for who, user in people.items()
    }
    assert may == {
        "anonymous": (False, False),
        "plain user": (False, False),
        "leader": (True, False),
        "inspector": (True, True),
        "admin": (True, True),
    }


def test_a_refusal_names_what_is_refused(force_leader, other_recommendation):
    with pytest.raises(PermissionDenied, match="Only the force's own leaders"):
        policy.require(force_leader, policy.REPORT, other_recommendation)


def test_a_force_leader_is_refused_the_commissioners_response_form(leader_client, action_plan):
    response = FollowUpDuty.objects.get(
        inspection=action_plan.inspection, kind=FollowUpDuty.Kind.PCC_RESPONSE
    )
    url = reverse("recommendations:duty_submitted", args=[response.pk])
    assert leader_client.get(url).status_code == 403
    assert (
        leader_client.get(
            reverse("recommendations:duty_submitted", args=[action_plan.pk])
        ).status_code
        == 200
    )
