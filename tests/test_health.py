"""/healthz answers 200 when the database, cache and broker answer, else 503; which of them
failed is told only to inspectors, admins and a monitor with the token."""

import pytest
from django.core.cache import cache

from config import celery_app

pytestmark = pytest.mark.django_db

TOKEN = "monitoring-token-for-tests"
ALL_OK = {"database": "ok", "cache": "ok", "broker": "ok"}


@pytest.fixture(autouse=True)
def healthz_token(settings):
    settings.HEALTHZ_TOKEN = TOKEN


@pytest.fixture
def broker_down(monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")


def _monitor(client, path="/healthz", token=TOKEN):
    return client.get(path, headers={"Authorization": f"Bearer {token}"})


def test_the_public_is_told_up_and_nothing_more(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_the_public_is_told_down_but_not_what_is_down(client, broker_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failing"}


def test_a_monitor_with_the_token_is_told_each_check(client):
    response = _monitor(client)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": ALL_OK}


@pytest.mark.parametrize("token", ["wrong", "", f"{TOKEN}x", TOKEN[:-1]])
def test_a_wrong_token_is_told_only_up_or_down(client, token):
    assert _monitor(client, token=token).json() == {"status": "ok"}


def test_no_token_is_accepted_while_none_is_set(client, settings):
    settings.HEALTHZ_TOKEN = ""
    assert _monitor(client, token="").json() == {"status": "ok"}


@pytest.mark.parametrize("role", ["inspector", "admin_user"])
def test_inspectors_and_admins_are_told_each_check(client, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/healthz").json() == {"status": "ok", "checks": ALL_OK}


def test_a_force_leader_is_told_only_up_or_down(client, force_leader):
    client.force_login(force_leader)
    assert client.get("/healthz").json() == {"status": "ok"}


def test_an_unreachable_broker_is_named(client, broker_down):
    response = _monitor(client)  # a fresh connection to that URL, no shared pool
    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("failed")
    assert response.json()["checks"]["database"] == "ok"


def test_a_broken_cache_is_named(client, monkeypatch):
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)
    response = _monitor(client)
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "failed: RuntimeError"
