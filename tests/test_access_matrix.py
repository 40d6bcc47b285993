"""Who gets what from every route: five roles, on force A's published inspection and its draft.

Each row of the tables below names a route and the answer each role must get, in the order of
ROLES. A route the URL resolver knows but the tables do not fails
test_every_route_has_an_expectation, so a new route cannot ship without a decision about who may
open it. The admin is covered by a few representative pages.

Beyond the status codes, every answer (page, API response, export) is read for what it shows:
no draft to anyone who may not see it, and none of force A's progress log (narratives, evidence,
review comments, nor an API field carrying them) to anyone but its leaders and the inspectorate.
Email alerts are held to the same: an address is emailed what its account may see, and an
address of nobody only what is public. Last, only inspections.policy may ask who a user is.
"""

import datetime
import io
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core.cache.backends.locmem import LocMemCache
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from openpyxl import load_workbook

from alerts import dispatch
from alerts.models import Subscriber, Subscription
from changes.models import ChangeEvent
from changes.querysets import SETTLING
from changes.services import record_change
from config.api import AnonymousRateThrottle
from findings.models import Finding
from inspections import roles
from inspections.models import Force, ForceMembership, Inspection, MonitoringStage
from inspections.services import record_addition
from recommendations.models import (
    DueDateRevision,
    Evidence,
    FollowUpDuty,
    ProgressUpdate,
    Recommendation,
)
from tests.factories import (
    FindingFactory,
    ForceFactory,
    InspectionFactory,
    JudgmentFactory,
    ProgressUpdateFactory,
    RecommendationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "leader_a", "leader_b", "inspector", "admin")
# Text only force A's draft carries: a 200 to anyone who may not see the draft must not show it,
# and these pages must show it to those who may.
DRAFT_MARKER = "Unpublished: for the factual-accuracy check only"
# Feeds are public whoever asks: no one, not even who may see the draft, finds it in one.
NEVER_SHOW_THE_DRAFT = {
    "changes:feed",
    "changes:force_feed",
    "changes:programme_feed",
    "changes:area_feed",
}
SHOW_THE_DRAFT = {
    "inspections:inspection",
    "recommendations:recommendation",
    "recommendations:trace",
    "api:finding-detail",
    "api:recommendation-detail",
    "api:change-list",
    "search:results",
}
# Force A's progress log, for its own leaders, inspectors and admins only (inspections.policy);
# the public sees the recommendation, its statuses, due date and verification.
NARRATIVE = "Narrative for the leaders of force A and the inspectorate"
COMMENT = "Review comment for the leaders of force A and the inspectorate"
EVIDENCE_LINK = "https://example.org/force-a-evidence"
LOG = (NARRATIVE, COMMENT, EVIDENCE_LINK)
# The API fields that would carry the log's words.
LOG_FIELDS = {"narrative", "comment", "evidence", "links"}
TRACKERS_OF_A = ("leader_a", "inspector", "admin")
# Where those who may follow force A's progress find it (the API carries no evidence).
SHOW_THE_LOG = {
    "recommendations:recommendation": LOG,
    "recommendations:trace": LOG,
    "api:recommendation-detail": (NARRATIVE, COMMENT),
    "api:progress-update-list": (NARRATIVE, COMMENT),
}


@dataclass(frozen=True)
class Redirect:
    """A redirect whose Location resolves to the named route (sign-in pages also keep ?next=)."""

    to: str
    status: int = 302


LOGIN = Redirect("login")
ADMIN_LOGIN = Redirect("admin:login")
MY_FORCE = Redirect("recommendations:my_force")
TRACKING = Redirect("recommendations:forces")
TRACKER = Redirect("recommendations:force")
RECOMMENDATION = Redirect("recommendations:recommendation")
HOME = Redirect("inspections:home")
ACCOUNT = Redirect("accounts:account")
REPORT = Redirect("inspections:inspection", status=301)

# The answers, by role: (anonymous, leader of force A, leader of force B, inspector, admin).
PUBLIC = (200, 200, 200, 200, 200)
DRAFT_PAGE = (404, 200, 404, 200, 200)
SIGNED_IN = (LOGIN, 200, 200, 200, 200)
SIGNED_IN_POST_ONLY = (LOGIN, 405, 405, 405, 405)
TRACKERS = (LOGIN, 200, 200, TRACKING, TRACKING)
TRACKED_BY_A = (LOGIN, 200, 404, 200, 200)
INSPECTORS_ON_A = (LOGIN, 403, 404, 200, 200)
INSPECTORS = (LOGIN, 403, 403, 200, 200)
REPORTERS_FOR_A = (LOGIN, 200, 404, 403, 200)
NO_DRAFT_DUTY = (LOGIN, 404, 404, 404, 404)
STAFF = (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200)
POST_ONLY_API = (401, 405, 405, 405, 405)
POST_ONLY = (405, 405, 405, 405, 405)


@dataclass(frozen=True)
class Probe:
    """One route's request: `args` picks its URL arguments from the scope. `expect` gives the
    answers when the route names no object of an inspection; `published` and `draft` give them,
    for the same route on each inspection's object, when it does."""

    args: Callable | None = None
    expect: tuple | None = None
    published: tuple | None = None
    draft: tuple | None = None

    def states(self) -> dict[str, tuple]:
        if self.expect is not None:
            return {"any": self.expect}
        return {"published": self.published, "draft": self.draft}


@dataclass(frozen=True)
class Get(Probe):
    query: str = ""


@dataclass(frozen=True)
class Post(Probe):
    """Also the form (or JSON) it sends, and the model a success adds a row to."""

    data: Callable = lambda scope: {}  # noqa: E731 (a field default, not a named function)
    writes: type | None = None
    json: bool = False


def _force_a(s):
    return [s.force_a.slug]


def _inspection(s):
    return [s.inspection.slug]


def _recommendation(s):
    return [s.recommendation.pk]


GETS: dict[str, Get] = {
    # Public pages and files.
    "inspections:home": Get(expect=PUBLIC),
    "inspections:robots": Get(expect=PUBLIC),
    "inspections:inspection": Get(_inspection, published=PUBLIC, draft=DRAFT_PAGE),
    "inspections:inspection_by_id": Get(
        lambda s: [s.inspection.pk],
        published=(REPORT,) * 5,
        draft=(404, REPORT, 404, REPORT, REPORT),
    ),
    "healthz": Get(expect=PUBLIC),
    # Dashboards: built from published inspections only, open to all.
    "dashboards:overview": Get(expect=PUBLIC),
    "dashboards:force": Get(_force_a, expect=PUBLIC),
    "dashboards:compare": Get(expect=PUBLIC, query="?forces={s.force_a.slug},{s.force_b.slug}"),
    "dashboards:area": Get(lambda s: ["leadership"], expect=PUBLIC),
    "dashboards:about": Get(expect=PUBLIC),
    # Atom feeds of the change log: public events only, to everyone (tests/changes/test_feeds.py
    # has an unknown name's 404).
    "changes:feed": Get(expect=PUBLIC),
    "changes:force_feed": Get(_force_a, expect=PUBLIC),
    "changes:programme_feed": Get(lambda s: ["ncpi"], expect=PUBLIC),
    "changes:area_feed": Get(lambda s: ["leadership"], expect=PUBLIC),
    # Search: open to all; a draft's words are found only by those who may see the draft.
    "search:results": Get(published=PUBLIC, draft=PUBLIC, query="?q=factual-accuracy+check"),
    # Signing in and out, passwords.
    "login": Get(expect=PUBLIC),
    "logout": Get(expect=POST_ONLY),
    "password_change": Get(expect=SIGNED_IN),
    "password_change_done": Get(expect=SIGNED_IN),
    "password_reset": Get(expect=PUBLIC),
    "password_reset_done": Get(expect=PUBLIC),
    "password_reset_confirm": Get(lambda s: ["MQ", "not-a-valid-token"], expect=PUBLIC),
    "password_reset_complete": Get(expect=PUBLIC),
    "accounts:account": Get(expect=SIGNED_IN),
    "accounts:create_token": Get(expect=SIGNED_IN_POST_ONLY),
    "accounts:revoke_token": Get(expect=SIGNED_IN_POST_ONLY),
    "accounts:revoke_tokens": Get(expect=SIGNED_IN_POST_ONLY),
    "accounts:follow": Get(expect=SIGNED_IN_POST_ONLY),
    "accounts:change_follow": Get(lambda s: [1], expect=SIGNED_IN_POST_ONLY),
    "accounts:stop_follow": Get(lambda s: [1], expect=SIGNED_IN_POST_ONLY),
    # Following by email: open to all; a link's token or key is the capability, and a bad one
    # finds nothing, whoever is signed in (tests/alerts).
    "alerts:sign_up": Get(expect=PUBLIC, query="?force={s.force_a.slug}"),
    "alerts:confirm": Get(lambda s: ["not-a-token"], expect=(400,) * 5),
    "alerts:unsubscribe": Get(lambda s: ["not-a-key"], expect=(404,) * 5),
    "alerts:change_following": Get(lambda s: ["not-a-key", 1], expect=POST_ONLY),
    "alerts:stop_following": Get(lambda s: ["not-a-key", 1], expect=POST_ONLY),
    # Tracking: inspectors, admins and each force's own leaders.
    "recommendations:my_force": Get(expect=TRACKERS),
    "recommendations:forces": Get(expect=(LOGIN, 200, 200, 200, 200)),
    "recommendations:review_queue": Get(expect=INSPECTORS),
    "recommendations:force": Get(_force_a, expect=TRACKED_BY_A),
    "recommendations:export_csv": Get(_force_a, expect=TRACKED_BY_A),
    "recommendations:export_xlsx": Get(_force_a, expect=TRACKED_BY_A),
    "recommendations:monitoring_stage": Get(_force_a, expect=INSPECTORS_ON_A),
    # A force's leaders see its drafts (the factual-accuracy check); other forces' never.
    "recommendations:recommendation": Get(
        _recommendation, published=TRACKED_BY_A, draft=TRACKED_BY_A
    ),
    # Progress and review start at publication: on a draft the forms are refused, not shown.
    "recommendations:record_progress": Get(
        _recommendation, published=REPORTERS_FOR_A, draft=(LOGIN, 403, 404, 403, 403)
    ),
    "recommendations:review": Get(
        _recommendation, published=INSPECTORS_ON_A, draft=(LOGIN, 403, 404, 403, 403)
    ),
    "recommendations:revise_due_date": Get(
        _recommendation, published=INSPECTORS_ON_A, draft=INSPECTORS_ON_A
    ),
    # Duties start at publication: a draft's are no one's to mark.
    "recommendations:duty_submitted": Get(
        lambda s: [s.duty.pk], published=TRACKED_BY_A, draft=NO_DRAFT_DUTY
    ),
    "recommendations:evidence": Get(
        lambda s: [s.evidence.pk], published=TRACKED_BY_A, draft=TRACKED_BY_A
    ),
    "recommendations:trace": Get(
        lambda s: [s.cause_of_concern.pk], published=TRACKED_BY_A, draft=TRACKED_BY_A
    ),
    # API reads: public rows for all, a draft's rows for those who may see the draft.
    "api:force-list": Get(expect=PUBLIC),
    "api:force-detail": Get(_force_a, expect=PUBLIC),
    "api:programme-list": Get(expect=PUBLIC),
    "api:programme-detail": Get(lambda s: ["ncpi"], expect=PUBLIC),
    "api:inspection-list": Get(expect=PUBLIC),
    "api:inspection-detail": Get(_inspection, published=PUBLIC, draft=DRAFT_PAGE),
    "api:judgment-list": Get(expect=PUBLIC),
    "api:theme-list": Get(expect=PUBLIC),
    "api:measure-list": Get(expect=PUBLIC),
    "api:finding-list": Get(expect=PUBLIC),
    "api:finding-detail": Get(
        lambda s: [s.cause_of_concern.pk], published=PUBLIC, draft=DRAFT_PAGE
    ),
    "api:statistic-list": Get(expect=PUBLIC),
    "api:other-figure-list": Get(expect=PUBLIC),
    "api:recommendation-list": Get(expect=PUBLIC),
    "api:recommendation-detail": Get(_recommendation, published=PUBLIC, draft=DRAFT_PAGE),
    "api:recommendation-progress": Get(
        _recommendation, published=POST_ONLY_API, draft=POST_ONLY_API
    ),
    "api:recommendation-verification": Get(
        _recommendation, published=POST_ONLY_API, draft=POST_ONLY_API
    ),
    "api:progress-update-list": Get(expect=PUBLIC),
    "api:grade-indicator-list": Get(expect=PUBLIC),
    "api:statistic-indicator-list": Get(expect=PUBLIC),
    "api:measure-indicator-list": Get(expect=PUBLIC),
    "api:theme-indicator-list": Get(expect=PUBLIC),
    # The change log: a draft's events (which name its recommendation) for those who see it.
    "api:change-list": Get(published=PUBLIC, draft=PUBLIC, query="?force={s.force_a.slug}"),
    "api:not-found": Get(expect=(404,) * 5),
    "api:schema": Get(expect=PUBLIC),
    "api:docs": Get(expect=PUBLIC),
    # The admin, for staff only: representative pages rather than every model's.
    "admin:index": Get(expect=STAFF),
    "admin:inspections_inspection_changelist": Get(expect=STAFF),
    "admin:inspections_inspection_import": Get(expect=STAFF),
    "admin:inspections_inspection_change": Get(
        lambda s: [s.inspection.pk], published=STAFF, draft=STAFF
    ),
    "admin:recommendations_recommendation_change": Get(
        _recommendation, published=STAFF, draft=STAFF
    ),
}


def _someone_elses_follow(s) -> int:
    subscriber = Subscriber.objects.create(email="someone@example.org")
    return Subscription.objects.create(subscriber=subscriber, force=s.force_a).pk


def _today() -> str:
    return timezone.localdate().isoformat()


def _progress(s) -> dict:
    return {
        "version": s.recommendation.version,
        "force_status": "in_progress",
        "narrative": "Training delivered to 40 staff.",
        "effective_on": _today(),
        "acceptance": "",
        "links": "",
    }


def _verdict(s) -> dict:
    return {
        "version": s.recommendation.version,
        "verification_status": "not_met",
        "comment": "The audit found no change in practice.",
    }


def _due_date(s) -> dict:
    return {
        "version": s.recommendation.version,
        "new_due_date": "2030-01-31",
        "reason": "The force's new case management system goes live in 2029.",
    }


def _json_progress(s) -> dict:
    return {k: v for k, v in _progress(s).items() if k not in ("acceptance", "links")}


# A service refuses progress and verdicts on a draft (400, naming why). Those who may not see
# the object get 404: another force's leader for any tracking page, and in the API for a draft
# (a published recommendation is public there, so the refusal is a 403). Signed-in roles without
# the right get 403, anonymous API callers 401.
POSTS: dict[str, Post] = {
    "recommendations:record_progress": Post(
        _recommendation,
        data=_progress,
        writes=ProgressUpdate,
        published=(LOGIN, RECOMMENDATION, 404, 403, RECOMMENDATION),
        draft=(LOGIN, 403, 404, 403, 403),
    ),
    "api:recommendation-progress": Post(
        _recommendation,
        data=_json_progress,
        writes=ProgressUpdate,
        published=(401, 201, 403, 403, 201),
        draft=(401, 400, 404, 403, 400),
        json=True,
    ),
    "recommendations:review": Post(
        _recommendation,
        data=_verdict,
        writes=ProgressUpdate,
        published=(LOGIN, 403, 404, RECOMMENDATION, RECOMMENDATION),
        draft=(LOGIN, 403, 404, 403, 403),
    ),
    "api:recommendation-verification": Post(
        _recommendation,
        data=_verdict,
        writes=ProgressUpdate,
        published=(401, 403, 403, 201, 201),
        draft=(401, 403, 404, 400, 400),
        json=True,
    ),
    # A draft's due date may be corrected before publication.
    "recommendations:revise_due_date": Post(
        _recommendation,
        data=_due_date,
        writes=DueDateRevision,
        published=(LOGIN, 403, 404, RECOMMENDATION, RECOMMENDATION),
        draft=(LOGIN, 403, 404, RECOMMENDATION, RECOMMENDATION),
    ),
    "recommendations:duty_submitted": Post(
        lambda s: [s.duty.pk],
        data=lambda s: {"submitted_on": _today(), "url": "https://example.org/action-plan"},
        writes=FollowUpDuty,
        published=(LOGIN, MY_FORCE, 404, TRACKER, TRACKER),
        draft=NO_DRAFT_DUTY,
    ),
    "recommendations:monitoring_stage": Post(
        _force_a,
        data=lambda s: {"stage": "engage", "started_on": _today(), "reason": "Causes of concern."},
        writes=MonitoringStage,
        expect=(LOGIN, 403, 404, TRACKER, TRACKER),
    ),
    # Anyone may start a follow (it waits for the address's owner to confirm it).
    "alerts:sign_up": Post(
        data=lambda s: {"email": "a@example.org", "force": s.force_a.slug, "frequency": "weekly"},
        expect=PUBLIC,
    ),
    "alerts:confirm": Post(lambda s: ["not-a-token"], expect=(400,) * 5),
    "alerts:unsubscribe": Post(lambda s: ["not-a-key"], expect=PUBLIC),
    "alerts:change_following": Post(
        lambda s: ["not-a-key", 1], data=lambda s: {"frequency": "weekly"}, expect=(404,) * 5
    ),
    "alerts:stop_following": Post(lambda s: ["not-a-key", 1], expect=(404,) * 5),
    "logout": Post(expect=(HOME,) * 5),
    # Each signed-in user's own API tokens; another's are not found (tests/api/test_tokens.py).
    "accounts:create_token": Post(expect=SIGNED_IN),
    "accounts:revoke_token": Post(
        data=lambda s: {"token_key": "0123456789abcde"}, expect=(LOGIN, 404, 404, 404, 404)
    ),
    "accounts:revoke_tokens": Post(expect=(LOGIN, ACCOUNT, ACCOUNT, ACCOUNT, ACCOUNT)),
    # Each signed-in user's own follows; another's are not found (tests/alerts).
    "accounts:follow": Post(
        data=lambda s: {"force": s.force_a.slug, "frequency": "weekly"},
        expect=(LOGIN, ACCOUNT, ACCOUNT, ACCOUNT, ACCOUNT),
    ),
    "accounts:change_follow": Post(
        lambda s: [_someone_elses_follow(s)],
        data=lambda s: {"frequency": "weekly"},
        expect=(LOGIN, 404, 404, 404, 404),
    ),
    "accounts:stop_follow": Post(
        lambda s: [_someone_elses_follow(s)], expect=(LOGIN, 404, 404, 404, 404)
    ),
}
# The answers that mean the request was carried out and wrote one row.
DONE = (201, RECOMMENDATION, MY_FORCE, TRACKER)


# --- The objects every case runs against -------------------------------------------------


@dataclass
class Scope:
    """Force A's objects of one inspection (published or draft), and the forces."""

    force_a: Force
    force_b: Force
    inspection: Inspection
    cause_of_concern: Finding
    recommendation: Recommendation
    evidence: Evidence
    duty: FollowUpDuty


@pytest.fixture(autouse=True)
def _isolated(monkeypatch):
    """A fresh throttle cache: the matrix makes more anonymous API requests than it allows."""
    monkeypatch.setattr(AnonymousRateThrottle, "cache", LocMemCache(uuid.uuid4().hex, {}))


@pytest.fixture(scope="module")
def _handler_client() -> Client:
    return Client()


@pytest.fixture
def client(_handler_client) -> Client:
    """One client for the module, its cookies cleared for each test: a new client loads the
    middleware again, and WhiteNoise's scan of the static files would dominate the run."""
    _handler_client.cookies = SimpleCookie()
    return _handler_client


@pytest.fixture
def world() -> dict[str, Scope]:
    """Force A with a published inspection and a draft, each with a cause of concern, its
    recommendation, a progress update with an evidence file and an action plan; force B."""
    force_a, force_b = ForceFactory(), ForceFactory()
    published = _objects(force_a, published=datetime.date(2024, 5, 1), marker="")
    draft = _objects(force_a, published=None, marker=DRAFT_MARKER)
    # The world's events settled (changes.querysets.SETTLING: the API lists nothing recorded
    # after an event still settling) and newer than the reference data's (feeds list the newest).
    ours = ChangeEvent.objects.filter(force=force_a)
    ChangeEvent.objects.exclude(pk__in=ours).update(
        happened_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    ours.update(happened_at=timezone.now() - SETTLING - datetime.timedelta(minutes=1))
    return {
        "published": Scope(force_a, force_b, *published),
        "draft": Scope(force_a, force_b, *draft),
    }


def _objects(force: Force, *, published: datetime.date | None, marker: str):
    status = Inspection.Status.PUBLISHED if published else Inspection.Status.DRAFT
    inspection = InspectionFactory(force=force, status=status, published=published)
    JudgmentFactory(inspection=inspection)
    finding = FindingFactory(inspection=inspection, title=f"Supervision is weak. {marker}")
    record_addition(obj=finding)  # the change log's event: public for the published only
    recommendation = RecommendationFactory(
        finding=finding,
        inspection=inspection,
        text=f"Make sure supervisors review every case. {marker}",
        due_date=datetime.date(2025, 1, 31),
    )
    update = ProgressUpdateFactory(recommendation=recommendation, narrative=NARRATIVE)
    Evidence.objects.create(progress_update=update, url=EVIDENCE_LINK)
    ProgressUpdateFactory(
        recommendation=recommendation,
        force_status="",
        verification_status="not_met",
        narrative=COMMENT,
    )
    content = b"Action plan: training for all supervisors.\n"
    evidence = Evidence(
        progress_update=update,
        original_name="action-plan.txt",
        content_type="text/plain",
        size=len(content),
    )
    evidence.file.save("action-plan.txt", ContentFile(content), save=True)
    duty = FollowUpDuty.objects.create(
        inspection=inspection,
        kind=FollowUpDuty.Kind.ACTION_PLAN,
        due_date=(published or datetime.date(2025, 1, 1)) + datetime.timedelta(weeks=8),
    )
    record_change(
        kind=ChangeEvent.Kind.RECOMMENDATION_ADDED,
        inspection=inspection,
        recommendation=recommendation,
        after={"text": recommendation.text},
    )
    return inspection, finding, recommendation, evidence, duty


def _sign_in(client, role: str, scope: Scope) -> None:
    if role != "anonymous":
        client.force_login(_account(role, scope))


def _account(role: str, scope: Scope):
    if role == "admin":
        return UserFactory(is_staff=True, is_superuser=True)
    user = UserFactory()
    if role == "inspector":
        user.groups.add(Group.objects.get(name=roles.INSPECTORS))
    else:
        user.groups.add(Group.objects.get(name=roles.FORCE_LEADERS))
        force = scope.force_a if role == "leader_a" else scope.force_b
        ForceMembership.objects.create(user=user, force=force)
    return user


def _url(name: str, probe, scope: Scope) -> str:
    args = probe.args(scope) if probe.args else []
    url = reverse(name, args=args)
    query = getattr(probe, "query", "")
    return url + query.format(s=scope)


def _assert_answer(response, expected, url: str) -> None:
    if not isinstance(expected, Redirect):
        assert response.status_code == expected, f"{url}: {response.status_code}"
        return
    assert response.status_code == expected.status, f"{url}: {response.status_code}"
    location = urlsplit(response["Location"])
    assert resolve(location.path).view_name == expected.to, response["Location"]
    if expected in (LOGIN, ADMIN_LOGIN):
        assert parse_qs(location.query)["next"] == [url], response["Location"]


def _cases(table: dict) -> list:
    return [
        pytest.param(name, state, role, answers[i], id=f"{name}-{state}-{role}")
        for name, probe in table.items()
        for state, answers in probe.states().items()
        for i, role in enumerate(ROLES)
    ]


# --- The tests ----------------------------------------------------------------------------


def _routes(patterns, prefix="", namespace=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            ns = f"{namespace}:{inner}" if namespace and inner else namespace or inner
            yield from _routes(pattern.url_patterns, route, ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield route, name


def test_every_route_has_an_expectation():
    """Outside the admin, every route the resolver knows has a row; each row is a route."""
    routes = list(_routes(get_resolver().url_patterns))
    outside_admin = [(route, name) for route, name in routes if not route.startswith("admin/")]
    unnamed = [route for route, name in outside_admin if not name]
    assert not unnamed, f"routes with no name cannot be given an expectation: {unnamed}"
    missing = [
        f"route {name} ({route}) has no expectation"
        for route, name in outside_admin
        if name not in GETS
    ]
    assert not missing, missing
    known = {name for _, name in routes}
    assert set(GETS) | set(POSTS) <= known


@pytest.mark.parametrize(("name", "state", "role", "expected"), _cases(GETS))
def test_a_get_answers_each_role_as_the_table_says(client, world, name, state, role, expected):
    scope = world["published" if state == "any" else state]
    _sign_in(client, role, scope)
    url = _url(name, GETS[name], scope)

    response = client.get(url)

    _assert_answer(response, expected, url)
    if response.status_code != 200:
        return
    body = _text(response)
    if name in NEVER_SHOW_THE_DRAFT:
        assert "Supervision is weak." in body, f"{url} leaves out the published event"
    if role in ("anonymous", "leader_b") or name in NEVER_SHOW_THE_DRAFT:
        assert DRAFT_MARKER not in body, f"{url} shows force A's draft to {role}"
    elif state == "draft" and name in SHOW_THE_DRAFT:
        assert DRAFT_MARKER in body, f"{url} does not show the draft to {role}"
    if role in TRACKERS_OF_A:
        for words in SHOW_THE_LOG.get(name, ()):
            assert words in body, f"{url} does not show {words!r} to {role}"
    else:
        for words in LOG:
            assert words not in body, f"{url} shows {words!r} to {role}"
    if response["Content-Type"].startswith("application/json"):
        fields = _keys(json.loads(body))
        if role in TRACKERS_OF_A and name in SHOW_THE_LOG:
            assert "narrative" in fields, f"{url} gives {role} no narrative"
        elif role not in TRACKERS_OF_A:
            assert not fields & LOG_FIELDS, f"{url} gives {role} {fields & LOG_FIELDS}"


def _text(response) -> str:
    """What a response shows: its body, or an Excel file's cells."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    response.close()
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        sheets = load_workbook(io.BytesIO(body), read_only=True).worksheets
        return "\n".join(
            str(v) for ws in sheets for row in ws.iter_rows(values_only=True) for v in row
        )
    return body.decode(errors="replace")


def _keys(data) -> set[str]:
    """Every key of every object in a JSON document."""
    if isinstance(data, dict):
        return set(data) | {k for v in data.values() for k in _keys(v)}
    if isinstance(data, list):
        return {k for v in data for k in _keys(v)}
    return set()


@pytest.mark.parametrize("role", ROLES)
def test_search_finds_no_progress_words(client, world, role):
    """Search reads the reports, never a force's progress log, whoever asks."""
    scope = world["published"]
    _sign_in(client, role, scope)
    response = client.get(reverse("search:results"), {"q": "narrative review comment evidence"})
    assert response.status_code == 200
    assert not [words for words in LOG if words in response.content.decode()]


@pytest.mark.parametrize(("name", "state", "role", "expected"), _cases(POSTS))
def test_a_post_writes_only_for_the_roles_the_table_allows(
    client, world, name, state, role, expected
):
    scope = world["published" if state == "any" else state]
    _sign_in(client, role, scope)
    probe = POSTS[name]
    url = _url(name, probe, scope)
    before = _counts()
    version = scope.recommendation.version

    if probe.json:
        response = client.post(url, probe.data(scope), content_type="application/json")
    else:
        response = client.post(url, probe.data(scope))

    _assert_answer(response, expected, url)
    if probe.json and role not in TRACKERS_OF_A:
        assert not _keys(response.json()) & LOG_FIELDS, f"{url} answers {role} with the log"
    succeeded = expected in DONE
    after = {**before}
    if succeeded:
        after[probe.writes] += 1
    assert _counts() == after, f"{url} as {role} wrote {_counts()} from {before}"
    scope.recommendation.refresh_from_db()
    if not succeeded:
        assert scope.recommendation.version == version
    if name == "logout":
        assert "_auth_user_id" not in client.session


def _counts() -> dict:
    return {
        ProgressUpdate: ProgressUpdate.objects.count(),
        DueDateRevision: DueDateRevision.objects.count(),
        MonitoringStage: MonitoringStage.objects.count(),
        FollowUpDuty: FollowUpDuty.objects.filter(submitted_on__isnull=False).count(),
        Evidence: Evidence.objects.count(),
    }


# --- Email alerts ----------------------------------------------------------------------------

# The world's events happened on 1 January 2025: a follow confirmed before, a digest after.
FOLLOWED_SINCE = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)


@pytest.mark.parametrize("frequency", ("immediate", "weekly"))
@pytest.mark.parametrize("role", ROLES)
def test_an_alert_carries_a_drafts_event_only_to_an_address_whose_account_may_see_it(
    world, role, frequency, mailoutbox
):
    """An address following force A, of nobody (anonymous) or of each role's account, is
    emailed the draft's event, at once or in the digest, only if the account may see it."""
    scope = world["draft"]
    user = None if role == "anonymous" else _account(role, scope)
    subscriber = Subscriber.objects.create(email=f"{role}@example.org", user=user)
    Subscription.objects.create(
        subscriber=subscriber,
        force=scope.force_a,
        frequency=frequency,
        confirmed_at=FOLLOWED_SINCE,
    )

    if frequency == "weekly":
        dispatch.send_digests(subscriber_ids=[subscriber.pk], until=timezone.now())
    for event in ChangeEvent.objects.filter(force=scope.force_a):
        dispatch.send_event(event_id=event.pk, subscriber_ids=[subscriber.pk])

    bodies = [m.body + m.alternatives[0].content for m in mailoutbox]
    assert bodies, f"{role} was not emailed the published inspection's event"
    shown = any(DRAFT_MARKER in body for body in bodies)
    assert shown == (role in TRACKERS_OF_A), f"{role} emailed the draft's event: {shown}"
    assert not any(words in body for body in bodies for words in LOG)


# --- Only the policy asks who a user is ------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
# Every package of the project (config and the apps), whatever apps are added later.
APPS = sorted(p.name for p in ROOT.iterdir() if (p / "__init__.py").exists() and p.name != "tests")
POLICY = ROOT / "inspections" / "policy.py"
# Reading a user's groups, superuser flag, permissions or force link, or a role by name.
ASKS_IN_CODE = re.compile(
    r"\.groups\.|groups__|_in_group|sees_all_drafts|is_superuser|has_perms?\(|\.force_membership\b"
    r"|roles\.(INSPECTORS|FORCE_LEADERS|ADMINS)\b|recommendations\.permissions"
)
ASKS_IN_TEMPLATES = re.compile(r"\bperms\.|is_superuser|user\.groups|force_membership")


def _asking(paths, pattern) -> list[str]:
    return [
        f"{str(path).removeprefix(str(ROOT))}:{number}: {line.strip()}"
        for path in paths
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]


def test_only_the_policy_asks_who_a_user_is():
    assert {"config", "inspections", "recommendations"} <= set(APPS)
    code = [
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if path != POLICY and "migrations" not in path.parts
    ]
    templates = [
        path for folder in ("templates", *APPS) for path in (ROOT / folder).rglob("*.html")
    ]
    assert len(code) > 50 and len(templates) > 20
    asking = _asking(code, ASKS_IN_CODE) + _asking(templates, ASKS_IN_TEMPLATES)
    assert not asking, "ask inspections.policy instead:\n" + "\n".join(asking)


def test_the_check_finds_a_question_asked_elsewhere(tmp_path):
    view = tmp_path / "views.py"
    view.write_text("if request.user.groups.filter(name='Admins').exists():\n    pass\n")
    assert _asking([view], ASKS_IN_CODE)
