"""A complete export restores into an emptied database unchanged, row for row, and a bad
export or a database that is not empty is refused with nothing written. An import needs an
empty database, so these tests commit: the database is emptied after each one."""

import datetime
import hashlib
import json
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from accounts.services import issue_api_token
from alerts.models import Delivery, Subscriber, Subscription
from changes.models import ChangeEvent
from config import celery_app
from dashboards.portability.tables import exported_tables
from inspections import roles
from inspections.models import Force, ForceMembership, Inspection
from recommendations import services
from recommendations.models import Evidence
from tests.factories import ForceFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

EVIDENCE = b"Training plan agreed with the safeguarding partnership.\n"


@pytest.fixture(autouse=True)
def tasks_run_inline(monkeypatch):
    """Recomputes queued by the test's own writes run here, never on a shared broker."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", True)


@pytest.fixture
def recorded_work(reference_data):
    """The real fixtures (synthetic data lives in a database of its own), people in roles with
    a token, a progress update with a file and a link, and a due-date revision, each with its
    history."""
    gloucestershire = Inspection.objects.get(slug="gloucestershire-ncpi-2025-05-21")
    inspector = _in_role(roles.INSPECTORS, username="inspector")
    inspector.user_permissions.add(Permission.objects.get(codename="view_sentreminder"))
    issue_api_token(user=inspector)
    leader = _in_role(roles.FORCE_LEADERS, username="leader")
    ForceMembership.objects.create(user=leader, force=gloucestershire.force)
    recommendation = gloucestershire.recommendations.order_by("pk").first()
    services.record_progress(
        recommendation=recommendation,
        author=leader,
        force_status="in_progress",
        narrative="Training for all child abuse investigators is booked.",
        effective_on=datetime.date(2025, 9, 1),
        links=["https://example.org/action-plan"],
        files=[SimpleUploadedFile("plan.txt", EVIDENCE, content_type="text/plain")],
    )
    follower = Subscriber.objects.create(email="reader@example.org")
    Subscription.objects.create(
        subscriber=follower, force=gloucestershire.force, confirmed_at=timezone.now()
    )
    Delivery.objects.create(
        subscriber=follower,
        event=ChangeEvent.objects.order_by("pk").first(),
        sent_at=timezone.now(),
    )
    services.revise_due_date(
        recommendation=recommendation,
        by=inspector,
        new_due_date=(recommendation.due_date or gloucestershire.published)
        + datetime.timedelta(days=90),
        reason="The partnership asked for more time.",
    )


def _in_role(name: str, **kwargs):
    # A transactional test before this one may have emptied the roles made by migrations.
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(Permission.objects.get(codename="verify_recommendation"))
    user = UserFactory(**kwargs)
    user.groups.add(group)
    return user


def test_an_import_restores_every_row_of_an_export(recorded_work, tmp_path, settings):
    first, second = tmp_path / "first", tmp_path / "second"
    call_command("export_data", first, stdout=StringIO())
    exported = _tables(first)
    assert _registry_tables() <= set(exported)
    for table in (
        "auth_user",
        "auth_group",
        "auth_user_groups",
        "auth_user_user_permissions",
        "auth_group_permissions",
        "knox_authtoken",
        "inspections_forcemembership",
        "findings_finding_themes",
        "recommendations_progressupdate",
        "recommendations_duedaterevision",
        "recommendations_evidence",
        "recommendations_historicalrecommendation",
        "dashboards_gradeindicator",
        "changes_changeevent",
        "alerts_subscriber",
        "alerts_subscription",
        "alerts_delivery",
    ):
        assert exported[table]["rows"], f"{table} has no rows to compare"

    call_command("flush", interactive=False)
    assert not Force.objects.exists()
    _as_migrate_leaves_the_roles()
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    output = StringIO()
    call_command("import_data", first, stdout=output)
    call_command("export_data", second, stdout=StringIO())

    restored = _tables(second)
    assert set(restored) == set(exported)
    for table, content in exported.items():
        assert restored[table]["columns"] == content["columns"], table
        assert len(restored[table]["rows"]) == len(content["rows"]), table
        for before, after in zip(content["rows"], restored[table]["rows"], strict=True):
            assert after == before, table
    assert _manifest(second) == _manifest(first)  # row counts, checksums and migrations
    evidence = Evidence.objects.exclude(file="").get()
    assert (second / "media" / evidence.file.name).read_bytes() == EVIDENCE
    assert (settings.MEDIA_ROOT / evidence.file.name).read_bytes() == EVIDENCE
    assert "Replaced the groups made by migrations (Admins, Inspectors)" in output.getvalue()


def _as_migrate_leaves_the_roles():
    """Roles with other ids and permissions than exported: the import replaces them."""
    for name in (roles.ADMINS, roles.INSPECTORS):
        Group.objects.create(name=name).permissions.add(Permission.objects.first())


@pytest.fixture
def some_rows(db):
    """A force and a group: enough to export, quicker to make than the reference data."""
    Group.objects.get_or_create(name=roles.ADMINS)
    return ForceFactory()


def test_new_rows_get_ids_after_the_imported_ones(some_rows, tmp_path):
    highest = {model: model.objects.order_by("-pk").first().pk for model in (Force, Group)}
    call_command("export_data", tmp_path / "export", stdout=StringIO())
    call_command("flush", interactive=False)
    call_command("import_data", tmp_path / "export", stdout=StringIO())

    force = Force.objects.create(name="New", short_name="New", slug="new", region="Nowhere")
    assert force.pk == highest[Force] + 1
    assert Group.objects.create(name="Analysts").pk == highest[Group] + 1


def test_import_refuses_a_database_that_is_not_empty(reference_data, tmp_path):
    call_command("export_data", tmp_path / "export", stdout=StringIO())
    before = _row_counts()

    with pytest.raises(CommandError, match="not empty: inspections_force .*Reference data"):
        call_command("import_data", tmp_path / "export", stdout=StringIO())
    assert _row_counts() == before


def _delete_manifest(export: Path) -> None:
    (export / "manifest.json").unlink()


def _break_manifest_json(export: Path) -> None:
    (export / "manifest.json").write_text('{"format": ', encoding="utf-8")


def _change_a_file(export: Path) -> None:
    path = export / "inspections_force.json"
    path.write_text(path.read_text(encoding="utf-8").replace("Testshire", "Tostshire"))


def _break_a_files_json_and_its_checksum(export: Path) -> None:
    (export / "findings_theme.json").write_text("[1, 2", encoding="utf-8")
    _edit_manifest(export, lambda m: _set_sha(m, "findings_theme", "[1, 2"))


def _add_an_unknown_table(export: Path) -> None:
    entry = {"table": "inspections_vehicle", "file": "inspections_vehicle.json", "rows": 0}
    _edit_manifest(export, lambda m: m["tables"].append(entry))


def _claim_another_migration(export: Path) -> None:
    _edit_manifest(export, lambda m: m["migrations"]["recommendations"].append("0099_future"))


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (_delete_manifest, "has no manifest.json"),
        (_break_manifest_json, "manifest.json is not valid JSON"),
        (_change_a_file, "inspections_force.json does not match its SHA-256"),
        (_break_a_files_json_and_its_checksum, "findings_theme.json is not valid JSON"),
        (_add_an_unknown_table, "does not know: 'inspections_vehicle'"),
        (_claim_another_migration, "not applied here: recommendations.0099_future"),
    ],
)
def test_import_refuses_a_bad_export_and_writes_nothing(some_rows, tmp_path, tamper, message):
    export = tmp_path / "export"
    call_command("export_data", export, stdout=StringIO())
    call_command("flush", interactive=False)
    tamper(export)

    with pytest.raises(CommandError, match=message):
        call_command("import_data", export, stdout=StringIO())
    assert set(_row_counts().values()) == {0}


def test_export_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("Keep me.", encoding="utf-8")

    with pytest.raises(CommandError, match="is not an empty folder"):
        call_command("export_data", tmp_path, stdout=StringIO())
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]


def _tables(export: Path) -> dict[str, dict]:
    entries = json.loads((export / "manifest.json").read_text(encoding="utf-8"))["tables"]
    return {
        entry["table"]: json.loads((export / entry["file"]).read_text(encoding="utf-8"))
        for entry in entries
    }


def _manifest(export: Path) -> dict:
    manifest = json.loads((export / "manifest.json").read_text(encoding="utf-8"))
    del manifest["exported_at"]
    return manifest


def _edit_manifest(export: Path, change) -> None:
    manifest = json.loads((export / "manifest.json").read_text(encoding="utf-8"))
    change(manifest)
    (export / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def _set_sha(manifest: dict, table: str, text: str) -> None:
    entry = next(entry for entry in manifest["tables"] if entry["table"] == table)
    entry["sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()


def _registry_tables() -> set[str]:
    """Every concrete table of the project's own apps (whatever apps are added later), found
    independently of the exporter."""
    ours = [
        config
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR)
        and "site-packages" not in config.path
    ]
    return {
        model._meta.db_table
        for config in ours
        for model in config.get_models(include_auto_created=True)
        if not model._meta.proxy and model._meta.managed
    }


def _row_counts() -> dict[str, int]:
    return {table.name: table.model._base_manager.count() for table in exported_tables()}
