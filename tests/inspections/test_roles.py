"""Roles are groups made by a migration; force leaders are tied to one force."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from inspections import policy, roles
from inspections.models import Inspection
from tests.factories import InspectionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _codenames(group_name: str) -> set[str]:
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


def test_the_three_roles_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL)


def test_only_inspectors_and_admins_can_verify_recommendations():
    assert "verify_recommendation" in _codenames(roles.INSPECTORS)
    assert "verify_recommendation" in _codenames(roles.ADMINS)
    assert "verify_recommendation" not in _codenames(roles.FORCE_LEADERS)


def test_force_leaders_read_and_add_progress_but_change_nothing():
    codenames = _codenames(roles.FORCE_LEADERS)
    assert {"view_inspection", "view_recommendation", "add_progressupdate"} <= codenames
    assert not {c for c in codenames if c.startswith(("change_", "delete_"))}


def test_admins_can_enter_inspections_and_manage_accounts():
    assert {"add_inspection", "change_judgment", "add_finding", "add_user", "change_group"} <= (
        _codenames(roles.ADMINS)
    )


def test_role_checks(inspector, force_leader, admin_user, gloucestershire):
    draft = InspectionFactory(force=gloucestershire.force, status=Inspection.Status.DRAFT)
    other_draft = InspectionFactory(status=Inspection.Status.DRAFT)
    assert policy.allows(inspector, policy.VIEW, other_draft)
    assert policy.allows(admin_user, policy.VIEW, other_draft)
    assert policy.allows(force_leader, policy.VIEW, draft)
    assert not policy.allows(force_leader, policy.VIEW, other_draft)
    assert policy.leader_force_id(force_leader) == force_leader.force_membership.force_id
    assert policy.leader_force_id(inspector) is None
    assert policy.leader_force_id(UserFactory()) is None


def test_createsuperuser_works(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long and unusual passphrase")
    call_command("createsuperuser", "--no-input", username="chief", email="chief@example.org")
    user = get_user_model().objects.get(username="chief")
    assert user.is_superuser and user.check_password("a long and unusual passphrase")
