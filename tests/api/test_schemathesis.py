"""Schemathesis against a live server: no server error and no response outside the schema.

Every operation in /api/schema/ is run anonymously, as a force leader and as an inspector, with
every check Schemathesis has: server errors, status codes, content types, headers and bodies
against the schema, schema-valid input accepted and schema-violating input rejected. The run is
bounded and repeatable: a few examples an operation, no deadline, derandomized.

A read handles its query the same whoever asks, so the coverage phase (each parameter's edge
and invalid values, hundreds of requests for a list) runs anonymously, and signed-in reads are
fuzzed only. Writes check their input only once the caller may write, so they get every phase
in every role.

Reads change nothing: they share one set of users, committed for this module and deleted after
it. Writes commit through the server's own connection (on PostgreSQL), so each write test is a
transactional one: it starts from freshly loaded reference data and empties the database when
it ends, and no test depends on what another wrote.
"""

import json
from dataclasses import dataclass

import pytest
import requests
import schemathesis
from django.contrib.auth.models import Group, Permission
from django.test import modify_settings
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, settings
from pytest_django.live_server_helper import LiveServer

from accounts.services import issue_api_token
from config import celery_app
from config.api import AnonymousRateThrottle
from findings.models import Finding
from inspections import roles
from inspections.models import Force, ForceMembership, Inspection, Programme
from recommendations.models import ProgressUpdate, Recommendation
from tests.api.builders import make_inspection
from tests.factories import UserFactory

# Built at collection time, before any server runs, as /api/schema/ builds it (not through the
# view, whose throttle would count the request in the real cache);
# test_the_live_server_serves_the_schema_under_test checks that the two agree.
schema = schemathesis.openapi.from_dict(
    json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True)))
)

BOUNDED = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    # Slow data generation or many rejected draws must not fail the run; failing checks do.
    suppress_health_check=list(HealthCheck),
)
# Without Hypothesis's explicit phase, Schemathesis skips its examples and coverage phases.
FUZZED_ONLY = settings(BOUNDED, phases=[Phase.generate, Phase.shrink])
GLOUCESTERSHIRE = "gloucestershire-ncpi-2025-05-21"
ROLES = ["anonymous", "force leader", "inspector"]


@dataclass
class World:
    headers: dict[str, dict[str, str]]  # by role
    known: dict[str, list]  # real ids or slugs by path, and one naming nothing


@pytest.fixture(scope="module")
def server(django_db_setup):
    """A live server of our own: pytest-django's would make every test a transactional one."""
    with modify_settings(ALLOWED_HOSTS={"append": "127.0.0.1"}):
        server = LiveServer("127.0.0.1")
        yield server.url
        server.stop()


@pytest.fixture(autouse=True)
def unthrottled(monkeypatch):
    """Far more anonymous requests are made here than the hourly limit allows: raise it.

    tests/api/conftest.py already gives each test an empty throttle cache. DRF reads the rates
    when it loads the throttle class, so overriding the setting would not reach them.
    """
    monkeypatch.setattr(AnonymousRateThrottle, "THROTTLE_RATES", {"anon": "1000000/hour"})


@pytest.fixture(scope="module")
def readers(server, django_db_blocker) -> World:
    """Users of each role, committed so that the server's own connection sees them."""
    with django_db_blocker.unblock():
        users = _users_of_each_role(prefix="reader")
        world = World(headers=_headers(users), known=_known_rows())
    yield world
    with django_db_blocker.unblock():
        for user in users.values():
            user.delete()


@pytest.fixture
def writers(server, transactional_db, reference_data) -> World:
    """Users of each role and another force's draft, on freshly loaded reference data."""
    # No worker runs here: compute the indicators each write enqueues on the spot.
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    draft = make_inspection(Force.objects.get(slug="wiltshire"), published=None, grade_slug="good")
    users = _users_of_each_role(prefix="writer")
    known = _known_rows()
    known["/api/recommendations/{id}/"].insert(-1, draft.recommendation.pk)
    yield World(headers=_headers(users), known=known)
    celery_app.conf.task_always_eager = eager


@schema.include(method="GET").parametrize()
@BOUNDED
@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous"])  # also names each operation's test
def test_anonymous_reads_keep_to_the_schema(case, role, server, readers):
    _aim_at_known_rows(case, readers.known)
    case.call_and_validate(base_url=server, headers=readers.headers[role], **_READ_CHECKS)


@schema.include(method="GET").parametrize()
@FUZZED_ONLY
@pytest.mark.django_db
@pytest.mark.parametrize("role", ["force leader", "inspector"])
def test_signed_in_reads_keep_to_the_schema(case, role, server, readers):
    _aim_at_known_rows(case, readers.known)
    case.call_and_validate(base_url=server, headers=readers.headers[role], **_READ_CHECKS)


@schema.include(method="POST").parametrize()
@BOUNDED
@pytest.mark.parametrize("role", ROLES)
def test_writes_keep_to_the_schema(case, role, server, writers):
    _aim_at_known_rows(case, writers.known)
    case.call_and_validate(
        base_url=server,
        headers=writers.headers[role],
        excluded_checks=[schemathesis.checks.positive_data_acceptance],
        additional_checks=[_refused_only_for_rules_beyond_the_schema],
    )


# A write of the documented shape can still break a rule no schema can state: a date after
# today or before the report's publication, or progress on a draft. positive_data_acceptance
# refuses any 400 to schema-valid input, so it is replaced here by a check that such a 400
# names only those rules.
RULES_BEYOND_THE_SCHEMA = {"effective_on", "non_field_errors"}
# So can a read's query: a slug that names no force, or a `since` or `cursor` that no answer
# gave (the change log's are 400s, so that a poller with a typo is told rather than given
# nothing forever).
READ_RULES_BEYOND_THE_SCHEMA = {"/api/changes/": {"since", "cursor", "force", "programme", "area"}}


def _refused_only_for_rules_beyond_the_schema(ctx, response, case) -> None:
    if response.status_code == 400 and case.meta.generation.mode.is_positive:
        rules = (
            READ_RULES_BEYOND_THE_SCHEMA.get(case.operation.path, set())
            if case.method == "GET"
            else RULES_BEYOND_THE_SCHEMA
        )
        fields = set(response.json())
        assert fields <= rules, f"Schema-valid input refused: {response.text}"


_READ_CHECKS = {
    "excluded_checks": [schemathesis.checks.positive_data_acceptance],
    "additional_checks": [_refused_only_for_rules_beyond_the_schema],
}


def _aim_at_known_rows(case, known: dict[str, list]) -> None:
    """Turn a schema-valid drawn id or slug into one of the known ones, the same way each time.

    Drawn values almost never name a row, so the 200s of detail reads and the 201s of writes
    would go untried. Schema-violating values are kept: they try the 404s. The coverage phase
    varies the query and body around one path, so it gets the first row, which the force
    leader may write to; fuzzing spreads over all of them.
    """
    if not case.path_parameters or not _path_is_schema_valid(case):
        return
    [(name, drawn)] = case.path_parameters.items()
    choices = next(rows for path, rows in known.items() if case.operation.path.startswith(path))
    if case.meta.phase.name.value != "fuzzing":
        case.path_parameters[name] = choices[0]
    else:
        index = drawn if isinstance(drawn, int) else len(drawn)
        case.path_parameters[name] = choices[index % len(choices)]


def _path_is_schema_valid(case) -> bool:
    path = case.meta.components.get("path")
    return (path.mode if path else case.meta.generation.mode).is_positive


@pytest.mark.django_db
def test_the_live_server_serves_the_schema_under_test(server):
    served = requests.get(f"{server}/api/schema/?format=json", timeout=10)
    assert served.status_code == 200
    assert served.json() == schema.raw_schema


def test_a_leaders_progress_and_an_inspectors_verdict_are_written_as_documented(server, writers):
    recommendation = Recommendation.objects.filter(inspection__slug=GLOUCESTERSHIRE).first()
    progress = schema["/api/recommendations/{id}/progress/"]["POST"].Case(
        path_parameters={"id": recommendation.pk},
        body={
            "force_status": "reported_complete",
            "narrative": "Every child protection officer has now been trained.",
            "effective_on": timezone.localdate().isoformat(),
            "version": recommendation.version,
        },
        media_type="application/json",
    )
    reported = progress.call_and_validate(base_url=server, headers=writers.headers["force leader"])
    assert reported.status_code == 201, reported.text

    verdict = schema["/api/recommendations/{id}/verification/"]["POST"].Case(
        path_parameters={"id": recommendation.pk},
        body={"verification_status": "met", "comment": "The audit of 40 case files bears it out."},
        media_type="application/json",
    )
    verified = verdict.call_and_validate(base_url=server, headers=writers.headers["inspector"])
    assert verified.status_code == 201, verified.text

    updates = ProgressUpdate.objects.filter(recommendation=recommendation).order_by("pk")
    assert [(u.author.username, u.force_status, u.verification_status) for u in updates] == [
        ("writer-force-leader", "reported_complete", ""),
        ("writer-inspector", "", "met"),
    ]
    recommendation.refresh_from_db()
    assert (recommendation.force_status, recommendation.verification_status) == (
        "reported_complete",
        "met",
    )


def _users_of_each_role(*, prefix: str) -> dict:
    """A Gloucestershire force leader and an inspector (and their groups, after a flush)."""
    inspectors, _ = Group.objects.get_or_create(name=roles.INSPECTORS)
    inspectors.permissions.add(Permission.objects.get(codename="verify_recommendation"))
    leaders, _ = Group.objects.get_or_create(name=roles.FORCE_LEADERS)
    leader = UserFactory(username=f"{prefix}-force-leader")
    leader.groups.add(leaders)
    ForceMembership.objects.create(user=leader, force=Force.objects.get(slug="gloucestershire"))
    inspector = UserFactory(username=f"{prefix}-inspector")
    inspector.groups.add(inspectors)
    return {"force leader": leader, "inspector": inspector}


def _headers(users: dict) -> dict[str, dict[str, str]]:
    headers = {"anonymous": {}}
    for role, user in users.items():
        headers[role] = {"Authorization": f"Token {issue_api_token(user=user)[1]}"}
    return headers


def _known_rows() -> dict[str, list]:
    published = Inspection.objects.get(slug=GLOUCESTERSHIRE)
    findings = Finding.objects.filter(inspection=published).order_by("pk")
    recommendations = Recommendation.objects.filter(inspection=published).order_by("pk")
    return {
        "/api/forces/{slug}/": ["gloucestershire", "wiltshire", "no-such-force"],
        "/api/programmes/{slug}/": [*Programme.objects.values_list("slug", flat=True), "none"],
        "/api/inspections/{slug}/": [GLOUCESTERSHIRE, "no-such-inspection"],
        "/api/findings/{id}/": [*findings.values_list("pk", flat=True)[:2], 0],
        "/api/recommendations/{id}/": [*recommendations.values_list("pk", flat=True)[:2], 0],
    }
