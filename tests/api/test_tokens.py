"""API tokens end: after their lifetime, a password change, deactivation or revocation by
their owner on the account page; their secret is shown once and stored only hashed."""

import datetime
import importlib
import re

import pytest
import time_machine
from django.apps import apps
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken

from accounts.services import MOST_TOKENS, issue_api_token
from config import celery_app
from tests.api.builders import leader_of
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a quite different passphrase"


@pytest.fixture
def leader_client(leader_a) -> Client:
    client = Client()
    client.force_login(leader_a)
    return client


def _create_on_the_account_page(client: Client) -> str:
    response = client.post(reverse("accounts:create_token"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    match = re.search(r'<code[^>]*id="new-token">([0-9a-f]+)</code>', response.content.decode())
    assert match, "the new token is not shown"
    return match[1]


def _writes(api, world, secret: str) -> int:
    """The status of a progress update sent with the token, as a leader's script would."""
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    response = api.post(
        f"/api/recommendations/{world.published_a.recommendation.pk}/progress/",
        {"force_status": "in_progress", "narrative": "Started."},
        format="json",
    )
    if response.status_code == 401:
        assert response["WWW-Authenticate"] == "Token"
    return response.status_code


def test_a_token_made_on_the_account_page_writes_until_it_expires_90_days_later(
    api, world, leader_client
):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC), tick=False):
        secret = _create_on_the_account_page(leader_client)
        assert _writes(api, world, secret) == 201
        (token,) = AuthToken.objects.all()
        assert token.expiry == timezone.now() + datetime.timedelta(days=90)
    with time_machine.travel(datetime.datetime(2026, 5, 30, 8, 59, tzinfo=datetime.UTC)):
        assert _writes(api, world, secret) == 201
    with time_machine.travel(datetime.datetime(2026, 5, 30, 9, 1, tzinfo=datetime.UTC)):
        assert _writes(api, world, secret) == 401
        page = leader_client.get(reverse("accounts:account")).content.decode()
    assert "You have no tokens." in page


def test_the_lifetime_is_a_setting(api, world, leader_a, settings):
    settings.API_TOKEN_TTL_DAYS = 7
    token, _ = issue_api_token(user=leader_a)
    lifetime = token.expiry - token.created
    assert datetime.timedelta(days=7) - lifetime < datetime.timedelta(seconds=5)


def test_changing_the_password_on_the_account_page_ends_every_token(
    api, world, leader_a, leader_client
):
    secrets = [_create_on_the_account_page(leader_client) for _ in range(2)]
    response = leader_client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302, response.content
    assert [_writes(api, world, secret) for secret in secrets] == [401, 401]


def test_set_password_and_save_ends_the_token(api, world, leader_a):
    _, secret = issue_api_token(user=leader_a)
    leader_a.set_password(NEW_PASSWORD)
    leader_a.save()
    assert _writes(api, world, secret) == 401


def test_saving_the_user_otherwise_or_signing_in_keeps_the_token(api, world, leader_a):
    _, secret = issue_api_token(user=leader_a)
    leader_a.email = "new.address@example.org"
    leader_a.save()
    signed_in = Client().post(
        reverse("login"), {"username": leader_a.username, "password": PASSWORD}
    )
    assert signed_in.status_code == 302  # and last_login saved
    assert _writes(api, world, secret) == 201


def test_deactivating_the_account_ends_the_token(api, world, leader_a):
    _, secret = issue_api_token(user=leader_a)
    leader_a.is_active = False
    leader_a.save()
    assert not AuthToken.objects.filter(user=leader_a).exists()
    assert _writes(api, world, secret) == 401


def test_a_deactivated_account_is_refused_even_when_its_tokens_were_not_deleted(
    api, world, leader_a
):
    _, secret = issue_api_token(user=leader_a)
    type(leader_a).objects.filter(pk=leader_a.pk).update(is_active=False)  # no signal
    assert _writes(api, world, secret) == 401


def test_the_owner_revokes_one_token_on_the_account_page(api, world, leader_client):
    kept, revoked = (_create_on_the_account_page(leader_client) for _ in range(2))
    response = leader_client.post(
        reverse("accounts:revoke_token"), {"token_key": revoked[:15]}, follow=True
    )
    assert f"The token starting {revoked[:15]} is revoked." in response.content.decode()
    assert _writes(api, world, revoked) == 401
    assert _writes(api, world, kept) == 201


def test_the_owner_revokes_all_their_tokens_and_no_one_elses(api, world, leader_client):
    mine = [_create_on_the_account_page(leader_client) for _ in range(2)]
    _, others = issue_api_token(user=leader_of(world.force_a))
    response = leader_client.post(reverse("accounts:revoke_tokens"), follow=True)
    assert "2 tokens are revoked." in response.content.decode()
    assert [_writes(api, world, secret) for secret in mine] == [401, 401]
    assert _writes(api, world, others) == 201


def test_another_user_cannot_revoke_someone_elses_token(api, world, leader_a):
    token, secret = issue_api_token(user=leader_a)
    other = Client()
    other.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = other.post(reverse("accounts:revoke_token"), {"token_key": token.token_key})
    assert response.status_code == 404
    assert _writes(api, world, secret) == 201


def test_the_secret_is_shown_once_and_stored_only_hashed(leader_a, leader_client):
    secret = _create_on_the_account_page(leader_client)
    (token,) = AuthToken.objects.filter(user=leader_a)
    stored = [str(getattr(token, field.attname)) for field in AuthToken._meta.concrete_fields]
    assert not [value for value in stored if secret in value]
    assert token.token_key == secret[:15]

    page = leader_client.get(reverse("accounts:account")).content.decode()

    assert secret not in page and secret[15:25] not in page
    assert token.digest not in page
    assert f"<code>{token.token_key}</code>" in page


def test_admins_list_and_revoke_tokens_but_cannot_make_one(api, world, leader_a, admin_client):
    token, secret = issue_api_token(user=leader_a)
    listing = admin_client.get(reverse("admin:knox_authtoken_changelist"))
    assert token.token_key in listing.content.decode()
    assert admin_client.get(reverse("admin:knox_authtoken_add")).status_code == 403

    response = admin_client.post(
        reverse("admin:knox_authtoken_changelist"),
        {"action": "delete_selected", "_selected_action": [token.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert _writes(api, world, secret) == 401


def test_a_user_holds_at_most_ten_live_tokens(leader_a, leader_client):
    for _ in range(MOST_TOKENS):
        issue_api_token(user=leader_a)
    response = leader_client.post(reverse("accounts:create_token"), follow=True)
    assert "the most one person may hold: revoke one first" in response.content.decode()
    assert AuthToken.objects.filter(user=leader_a).count() == MOST_TOKENS
    ended = timezone.now() - datetime.timedelta(minutes=1)
    AuthToken.objects.filter(user=leader_a).update(expiry=ended)
    _create_on_the_account_page(leader_client)  # expired tokens no longer count


@pytest.mark.django_db(transaction=True)
def test_migrating_drops_the_old_tokens_that_never_ended():
    migration = importlib.import_module("accounts.migrations.0001_remove_old_api_tokens")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY)")
        cursor.execute(
            "INSERT INTO authtoken_token VALUES ('0123456789abcdef0123456789abcdef01234567')"
        )
    MigrationRecorder(connection).record_applied("authtoken", "0001_initial")

    with connection.schema_editor() as editor:
        migration.remove_old_tokens(apps, editor)

    assert "authtoken_token" not in connection.introspection.table_names()
    assert not MigrationRecorder(connection).migration_qs.filter(app="authtoken").exists()


def test_every_night_expired_tokens_are_removed_and_live_ones_kept(leader_a, settings):
    ended, _ = issue_api_token(user=leader_a)
    AuthToken.objects.filter(pk=ended.pk).update(expiry=timezone.now())
    live, _ = issue_api_token(user=leader_a)
    celery_app.loader.import_default_modules()  # as a worker does on start: autodiscovery
    task = "accounts.tasks.delete_expired_api_tokens"

    celery_app.tasks[task].apply(throw=True)

    assert list(AuthToken.objects.values_list("pk", flat=True)) == [live.pk]
    assert task in {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
