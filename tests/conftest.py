"""Shared fixtures: the reference data (loaded once per test database), users per role."""

from contextlib import contextmanager
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.management import call_command

from config import celery_app
from inspections import roles
from inspections.models import Force, ForceMembership, Inspection
from inspections.reference_data import load_reference_data
from tests import reference_snapshot
from tests.factories import UserFactory


def pytest_configure(config):
    """Serve the tests over plain HTTP, as HTTPS=0 does (see config/settings.py).

    pytest-django reads the settings before any conftest runs, too early to set HTTPS=0 in the
    environment, so what it turns off is turned off here, before the test client or the live
    server builds its middleware. HSTS stays on: Django sends it only on HTTPS requests.
    """
    from django.conf import settings

    for name in ("HTTPS", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
        setattr(settings, name, False)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run every test that rolls back before any that empties the database, as pytest-django
    orders them (and then the tests without a database).

    pytest's own grouping by parametrized session fixtures (Playwright's browser) runs after
    pytest-django's sort and can pull a browser test, whose end empties the database, in
    among the tests that expect the reference data loaded at set-up.
    """
    items.sort(key=_database_order)


def _database_order(item) -> int:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    transactional = (
        bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )
    if transactional:
        return 1
    return 0 if marker or "db" in fixtures else 2


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load fixtures/ into the test database once; each test's changes are rolled back.

    A test marked transaction=True empties the database when it ends: it must load the
    reference data again with `reference_data` if it needs it.
    """
    with django_db_blocker.unblock(), _tasks_inline():
        load_reference_data()
        reference_snapshot.take()


@pytest.fixture
def reference_data(db):
    """Make sure the reference data is present (again, after a transactional test).

    A transactional test's flush empties every table, the roles' groups (which a migration
    created) included; then the copy taken at set-up is put back, or the data loaded again.
    """
    if Force.objects.exists():
        return
    if reference_snapshot.restore():
        return
    roles.create_roles(Group, Permission)
    with _tasks_inline():
        load_reference_data()


@pytest.fixture
def tasks_inline(monkeypatch):
    """Run queued tasks (the indicators' recompute) inline, as without REDIS_URL."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Hash the test users' passwords cheaply: the tests are not about hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a page cached by an earlier test (whose version
    bump never ran, as its transaction was rolled back) must not answer for this one."""
    cache.clear()


@contextmanager
def _tasks_inline():
    """Compute the fixtures' indicators here, not by queueing tasks no worker will run."""
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = eager


@pytest.fixture
def demo_database(db, tasks_inline) -> None:
    """Make this test's database a demonstration one: the real inspections removed (a demo
    database never holds them), then the small synthetic set generated. Rolled back at the end."""
    Inspection.objects.all().delete()
    call_command("generate_demo_data", seed=1, scale="small", stdout=StringIO())
    cache.clear()


@pytest.fixture
def gloucestershire(db) -> Inspection:
    return Inspection.objects.select_related("force", "programme").get(
        slug="gloucestershire-ncpi-2025-05-21"
    )


def _user_in(group_name: str, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def inspector(db):
    return _user_in(roles.INSPECTORS, username="inspector")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def force_leader(db, gloucestershire):
    user = _user_in(roles.FORCE_LEADERS, username="leader")
    ForceMembership.objects.create(user=user, force=gloucestershire.force)
    return user
