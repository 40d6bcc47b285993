"""Sign-in throttling (django-axes): five failures lock one username from one address for 15
minutes, on our sign-in page and the admin's, with a page that says so."""

import datetime

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
LOCKED = "Sign in locked"


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", is_staff=True)


def _sign_in(client, password, *, url=LOGIN, username="alice", ip="10.0.0.1"):
    return client.post(
        url, {"username": username, "password": password}, REMOTE_ADDR=ip, follow=False
    )


def _fail(client, times, **kwargs):
    return [_sign_in(client, "wrong password", **kwargs) for _ in range(times)]


def _signed_in(client) -> bool:
    return SESSION_KEY in client.session


def test_four_failures_still_let_the_right_password_in(client, alice):
    responses = _fail(client, 4)
    assert {r.status_code for r in responses} == {200}  # the form again, with its error
    assert _sign_in(client, PASSWORD).status_code == 302
    assert _signed_in(client)


def test_after_five_failures_even_the_right_password_is_refused_with_the_lockout_page(
    client, alice
):
    *_, fifth = _fail(client, 5)
    assert fifth.status_code == 429
    response = _sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert not _signed_in(client)
    page = response.content.decode()
    assert LOCKED in page
    assert "5 failed attempts" in page
    assert "for 15 minutes" in page
    assert 'name="password"' not in page  # the lockout page replaces the form


def test_the_lock_is_per_username_and_address(client, alice):
    UserFactory(username="bob")
    _fail(client, 5)
    assert _sign_in(client, PASSWORD, ip="10.0.0.2").status_code == 302  # alice elsewhere
    client.logout()
    assert _sign_in(client, PASSWORD, username="bob").status_code == 302  # bob from there


def test_the_lock_ends_after_fifteen_minutes(client, alice):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _fail(client, 5)
    with time_machine.travel(start + datetime.timedelta(minutes=14), tick=False):
        assert _sign_in(client, PASSWORD).status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=15, seconds=1), tick=False):
        assert _sign_in(client, PASSWORD).status_code == 302
        assert _signed_in(client)


def test_attempts_during_the_lock_do_not_extend_it(client, alice):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _fail(client, 5)
    with time_machine.travel(start + datetime.timedelta(minutes=10), tick=False):
        assert _sign_in(client, "wrong password").status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=16), tick=False):
        assert _sign_in(client, PASSWORD).status_code == 302


def test_an_admin_can_lift_the_lock_with_axes_reset(client, alice):
    _fail(client, 5)
    assert _sign_in(client, PASSWORD).status_code == 429
    call_command("axes_reset_username", "alice", verbosity=0)
    assert _sign_in(client, PASSWORD).status_code == 302
    assert _signed_in(client)


def test_the_admin_sign_in_is_locked_too(client, alice):
    *_, fifth = _fail(client, 5, url=ADMIN_LOGIN)
    assert fifth.status_code == 429
    response = _sign_in(client, PASSWORD, url=ADMIN_LOGIN)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not _signed_in(client)
    # Failures on either page count towards the same lock.
    assert _sign_in(client, PASSWORD).status_code == 429


def test_a_successful_sign_in_clears_the_count(client, alice):
    _fail(client, 4)
    assert _sign_in(client, PASSWORD).status_code == 302
    client.logout()
    responses = _fail(client, 4)
    assert {r.status_code for r in responses} == {200}
    assert _sign_in(client, PASSWORD).status_code == 302


def test_force_login_in_tests_is_unaffected(client, alice):
    client.force_login(alice)
    assert client.get("/accounts/password_change/").status_code == 200
