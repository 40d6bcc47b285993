"""Signed-in accounts follow with their own address; leaders follow their force at first."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from alerts import services
from alerts.models import Frequency, Subscriber, Subscription
from inspections import roles
from inspections.models import Force, ForceMembership
from tests.dashboards.test_recompute_entry_points import _posted
from tests.factories import ForceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    user = UserFactory(email="Member@Example.org")
    client.force_login(user)
    return user


def test_an_account_follows_with_its_own_address_at_once(client, member):
    force = ForceFactory()
    response = client.post(reverse("accounts:follow"), {"force": force.slug, "frequency": "weekly"})
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.subscriber.user == member
    assert subscription.subscriber.email == "member@example.org"
    assert subscription.confirmed_at is not None
    assert subscription.frequency == Frequency.WEEKLY
    assert not mail.outbox  # the account's address needs no confirming
    page = client.get(reverse("accounts:account"))
    assert force.name in page.text
    assert "You now follow" in page.text


def test_the_account_page_changes_how_often_and_stops_a_follow(client, member):
    subscription = services.follow_as_user(
        user=member, force=ForceFactory(), frequency=Frequency.IMMEDIATE
    )
    url = reverse("accounts:change_follow", args=[subscription.pk])
    assert client.post(url, {"frequency": "weekly"}).status_code == 302
    subscription.refresh_from_db()
    assert subscription.frequency == Frequency.WEEKLY
    assert client.post(url, {"frequency": "hourly"}).status_code == 302
    subscription.refresh_from_db()
    assert subscription.frequency == Frequency.WEEKLY
    client.post(reverse("accounts:stop_follow", args=[subscription.pk]))
    assert not Subscription.objects.exists()


def test_an_account_cannot_touch_another_addresss_follow(client, member):
    stranger = Subscriber.objects.create(email="stranger@example.org")
    theirs = Subscription.objects.create(subscriber=stranger, force=ForceFactory())
    assert client.post(reverse("accounts:stop_follow", args=[theirs.pk])).status_code == 404
    url = reverse("accounts:change_follow", args=[theirs.pk])
    assert client.post(url, {"frequency": "weekly"}).status_code == 404
    assert Subscription.objects.filter(pk=theirs.pk, frequency=Frequency.IMMEDIATE).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"frequency": "weekly"}, "Choose one force or one programme to follow"),
        ({"force": "atlantis", "frequency": "weekly"}, "There is no such force"),
        ({"programme": "ncpi"}, "Choose how often"),
    ],
)
def test_bad_follows_from_the_account_page_are_named(client, member, data, message):
    response = client.post(reverse("accounts:follow"), data)
    assert response.status_code == 400
    assert message in response.text
    assert not Subscription.objects.exists()


def test_an_account_without_an_address_is_told_so(client):
    user = UserFactory(email="")
    client.force_login(user)
    page = client.get(reverse("accounts:account"))
    assert "cannot follow anything" in page.text
    response = client.post(reverse("accounts:follow"), {"programme": "ncpi", "frequency": "weekly"})
    assert response.status_code == 400
    assert "no email address" in response.text


def test_an_address_that_signed_up_on_its_own_becomes_the_accounts(member):
    earlier = Subscriber.objects.create(email="member@example.org")
    assert services.account_subscriber(user=member) == earlier
    earlier.refresh_from_db()
    assert earlier.user == member


# --- Email changes follow the account ------------------------------------------------------


def test_a_changed_account_address_carries_its_follows(member):
    services.follow_as_user(user=member, force=ForceFactory(), frequency="weekly")
    member.email = "New@Example.org"
    member.save()
    assert Subscriber.objects.get().email == "new@example.org"


def test_a_changed_address_already_following_is_merged(member):
    a, b = ForceFactory(), ForceFactory()
    services.follow_as_user(user=member, force=a, frequency="weekly")
    other = Subscriber.objects.create(email="new@example.org")
    Subscription.objects.create(subscriber=other, force=b)
    member.email = "new@example.org"
    member.save()
    subscriber = Subscriber.objects.get()
    assert subscriber.user == member
    assert {s.force for s in subscriber.subscriptions.all()} == {a, b}


def test_an_account_whose_address_is_removed_follows_nothing(member):
    services.follow_as_user(user=member, force=ForceFactory(), frequency="weekly")
    member.email = ""
    member.save()
    assert not Subscriber.objects.exists()


# --- Force leaders follow their own force by default ---------------------------------------


def _link_in_the_admin(admin_client, user, force: Force):
    url = reverse("admin:auth_user_change", args=[user.pk])
    data = _posted(admin_client.get(url))
    data["groups"] = [str(Group.objects.get(name=roles.FORCE_LEADERS).pk)]
    data["force_membership-0-force"] = str(force.pk)
    data["force_membership-0-user"] = str(user.pk)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]


def test_a_leader_linked_to_a_force_in_the_admin_follows_it(admin_client):
    leader, force = UserFactory(email="Chief@Example.org"), ForceFactory()
    _link_in_the_admin(admin_client, leader, force)
    subscription = Subscription.objects.get()
    assert subscription.force == force
    assert subscription.subscriber.user == leader
    assert subscription.frequency == Frequency.IMMEDIATE
    assert subscription.confirmed_at is not None
    assert not mail.outbox


def test_a_leader_who_stops_following_is_not_made_to_follow_again(admin_client):
    leader, force = UserFactory(), ForceFactory()
    _link_in_the_admin(admin_client, leader, force)
    Subscription.objects.all().delete()
    url = reverse("admin:auth_user_change", args=[leader.pk])
    data = _posted(admin_client.get(url))  # saved again, unchanged
    assert admin_client.post(url, data).status_code == 302
    assert not Subscription.objects.exists()


def test_a_leader_without_an_address_follows_once_one_is_added(admin_client):
    leader, force = UserFactory(email=""), ForceFactory()
    _link_in_the_admin(admin_client, leader, force)
    assert not Subscription.objects.exists()
    url = reverse("admin:auth_user_change", args=[leader.pk])
    data = _posted(admin_client.get(url)) | {"email": "chief@example.org"}
    assert admin_client.post(url, data).status_code == 302
    assert Subscription.objects.get().force == force


def test_a_leader_already_following_keeps_their_choice(admin_client):
    leader, force = UserFactory(), ForceFactory()
    services.follow_as_user(user=leader, force=force, frequency="weekly")
    _link_in_the_admin(admin_client, leader, force)
    assert Subscription.objects.get().frequency == Frequency.WEEKLY
    assert ForceMembership.objects.get().user == leader
