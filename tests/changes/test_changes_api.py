"""/api/changes/: the change log in order, page by page, resumable, for each caller's eyes."""

import datetime
import uuid

import pytest
from django.contrib.auth.models import Group
from django.core.cache.backends.locmem import LocMemCache
from django.db.models import F
from django.utils import timezone
from drf_spectacular.drainage import GENERATOR_STATS, reset_generator_stats
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from accounts.services import issue_api_token
from changes.describe import describe
from changes.models import ChangeEvent, Visibility
from changes.querysets import SETTLING
from config.api import AnonymousRateThrottle
from inspections import roles
from inspections.models import ForceMembership, Inspection
from inspections.services import publish_inspection, record_grade_change
from tests.factories import (
    ForceFactory,
    InspectionFactory,
    JudgmentFactory,
    RecommendationFactory,
    UserFactory,
    grade,
)

pytestmark = pytest.mark.django_db
Kind = ChangeEvent.Kind
URL = "/api/changes/"
AN_HOUR_AGO = timezone.now() - datetime.timedelta(hours=1)


@pytest.fixture(autouse=True)
def empty_log(db, monkeypatch):
    """Start from an empty log (loading the reference data recorded its own events), and
    count anonymous requests afresh."""
    ChangeEvent.objects.all().delete()
    monkeypatch.setattr(AnonymousRateThrottle, "cache", LocMemCache(uuid.uuid4().hex, {}))


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def _event(inspection: Inspection | None = None, **fields) -> ChangeEvent:
    inspection = inspection or InspectionFactory()
    defaults = {
        "kind": Kind.INSPECTION_PUBLISHED,
        "force": inspection.force,
        "programme": inspection.programme,
        "inspection": inspection,
        "visibility": Visibility.PUBLIC,
        "happened_at": AN_HOUR_AGO,
        "after": {"published": "2025-05-21", "precision": "day", "grades": {}},
    }
    return ChangeEvent.objects.create(**{**defaults, **fields})


def _settle() -> None:
    """Age every event past the settling delay, as if the poller came back a minute later."""
    ChangeEvent.objects.update(happened_at=F("happened_at") - SETTLING - datetime.timedelta(1))


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [event["id"] for event in response.json()["results"]]


def _user(group: str, force=None):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=group))
    if force is not None:
        ForceMembership.objects.create(user=user, force=force)
    return user


# --- Order, pages and resuming ---------------------------------------------------------------


def test_events_come_oldest_first_in_the_order_they_were_recorded(api):
    events = [_event() for _ in range(3)]
    assert _ids(api.get(URL)) == [e.pk for e in events]


def test_a_page_has_next_and_the_last_page_says_where_to_resume(api):
    events = [_event() for _ in range(5)]
    seen, url, pages = [], f"{URL}?page_size=2", 0
    while url:
        answer = api.get(url).json()
        seen += [e["id"] for e in answer["results"]]
        url, pages = answer["next"], pages + 1
    assert seen == [e.pk for e in events] and pages == 3
    assert answer["last_id"] == events[-1].pk
    assert answer["resume"] == f"http://testserver{URL}?page_size=2&since={events[-1].pk}"


def test_resuming_an_up_to_date_log_gives_an_empty_page_with_the_same_resume_point(api):
    last = _event()
    answer = api.get(api.get(URL).json()["resume"]).json()
    assert (answer["results"], answer["next"], answer["last_id"]) == ([], None, last.pk)
    assert answer["resume"] == f"http://testserver{URL}?since={last.pk}"
    newer = _event()
    assert _ids(api.get(answer["resume"])) == [newer.pk]


def test_an_event_is_listed_once_it_has_settled(api):
    settled = _event()
    recent = _event(happened_at=timezone.now())
    assert _ids(api.get(URL)) == [settled.pk]
    _settle()
    assert _ids(api.get(URL)) == [settled.pk, recent.pk]


def test_nothing_recorded_after_an_unsettled_event_is_listed_before_it(api):
    """An event committed late can have an earlier id than one already committed: reading in
    id order stops at the first unsettled event, so no resume point ever passes it."""
    settled = _event()
    _event(happened_at=timezone.now())
    _event()  # recorded later, but dated earlier (another machine's clock, a long transaction)
    answer = api.get(URL).json()
    assert [e["id"] for e in answer["results"]] == [settled.pk]
    assert answer["last_id"] == settled.pk


def test_since_an_event_id_lists_the_events_recorded_after_it(api):
    first, second, third = _event(), _event(), _event()
    assert _ids(api.get(URL, {"since": first.pk})) == [second.pk, third.pk]
    assert _ids(api.get(URL, {"since": third.pk})) == []


@pytest.mark.parametrize(
    "since",
    ["2026-06-01T12:00:00Z", "2026-06-01T13:00:00+01:00", "2026-06-01T13:00:00", "2026-06-01"],
)
def test_since_a_moment_lists_the_events_that_happened_after_it(api, since):
    noon = datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)  # 13:00 in the UK (BST)
    _event(happened_at=noon - datetime.timedelta(hours=13))
    on_the_day = _event(happened_at=noon)
    after = _event(happened_at=noon + datetime.timedelta(seconds=1))
    expected = [on_the_day.pk, after.pk] if since == "2026-06-01" else [after.pk]
    answer = api.get(URL, {"since": since}).json()
    assert [e["id"] for e in answer["results"]] == expected
    assert answer["last_id"] == after.pk


def test_an_empty_page_since_a_moment_resumes_from_that_moment(api):
    answer = api.get(URL, {"since": "2030-01-01T00:00:00Z"}).json()
    assert (answer["results"], answer["last_id"]) == ([], None)
    assert answer["resume"] == f"http://testserver{URL}?since=2030-01-01T00%3A00%3A00Z"


@pytest.mark.parametrize(
    "since",
    [
        "yesterday",
        "2026-13-01T00:00:00Z",
        "-1",
        "1e3",
        "9" * 19,
        "0001-01-01T00:00:00+05:00",
        "9999-12-31T23:59:59-05:00",
    ],
)
def test_a_since_that_is_neither_an_id_nor_a_moment_is_a_400_saying_what_to_give(api, since):
    response = api.get(URL, {"since": since})
    assert response.status_code == 400
    assert "ISO 8601" in response.json()["since"][0]


@pytest.mark.parametrize("cursor", ["not-a-cursor", "cD1hYmM="])  # the second: position "abc"
def test_a_cursor_not_taken_from_a_link_is_a_400(api, cursor):
    _event()
    response = api.get(URL, {"cursor": cursor})
    assert response.status_code == 400
    assert "cursor" in response.json()


# --- Filters ---------------------------------------------------------------------------------


def test_events_can_be_filtered_by_force_programme_area_and_kinds(api):
    grade_event = _event(kind=Kind.GRADE_RECORDED, area=JudgmentFactory().area)
    other_force = _event(force=ForceFactory())
    added = _event(kind=Kind.RECOMMENDATION_ADDED)
    force = other_force.force.slug
    assert _ids(api.get(URL, {"force": force})) == [other_force.pk]
    assert _ids(api.get(URL, {"programme": "ncpi"})) == [grade_event.pk, other_force.pk, added.pk]
    assert _ids(api.get(URL, {"programme": "peel-2023-25"})) == []
    assert _ids(api.get(URL, {"area": grade_event.area.slug})) == [grade_event.pk]
    kinds = {"kind": [Kind.GRADE_RECORDED, Kind.RECOMMENDATION_ADDED]}
    assert _ids(api.get(URL, kinds)) == [grade_event.pk, added.pk]
    everything = [grade_event.pk, other_force.pk, added.pk]
    assert _ids(api.get(f"{URL}?kind=&force=&since=")) == everything  # empty filters nothing


@pytest.mark.parametrize(
    ("name", "words"),
    [("force", "No force"), ("programme", "No programme"), ("area", "No assessment area")],
)
def test_a_slug_that_names_nothing_is_a_400_naming_it(api, name, words):
    response = api.get(URL, {name: "atlantis"})
    assert response.status_code == 400
    assert response.json() == {name: [f"{words} has the slug “atlantis”."]}


def test_an_unknown_kind_is_a_400_naming_it(api):
    response = api.get(URL, {"kind": ["grade_recorded", "rumour"]})
    assert response.status_code == 400
    assert "rumour" in response.json()["kind"][0]


# --- What each event says, and to whom -------------------------------------------------------


def test_an_event_carries_its_description_and_links(api):
    recommendation = RecommendationFactory()
    inspection = recommendation.inspection
    event = _event(
        inspection,
        kind=Kind.RECOMMENDATION_ADDED,
        recommendation=recommendation,
        area=recommendation.finding.area,
        after={"text": "Train every supervisor.", "due_date": "2026-01-31"},
    )
    (answer,) = api.get(URL).json()["results"]
    description = describe(event)
    assert answer == {
        "id": event.pk,
        "kind": "recommendation_added",
        "kind_label": "Recommendation added",
        "happened_at": answer["happened_at"],
        "force": inspection.force.slug,
        "force_name": inspection.force.name,
        "programme": "ncpi",
        "area": recommendation.finding.area.slug,
        "inspection": inspection.slug,
        "inspection_url": description.url,
        "recommendation": recommendation.pk,
        "before": {},
        "after": {"text": "Train every supervisor.", "due_date": "2026-01-31"},
        "title": description.title,
        "summary": description.summary,
        "url": description.url,
        "visibility": "public",
    }
    assert description.url.endswith(inspection.get_absolute_url())


def test_a_public_event_of_an_inspection_now_a_draft_names_it_only_to_those_who_see_it(api):
    inspection = InspectionFactory(status=Inspection.Status.DRAFT)
    recommendation = RecommendationFactory(finding__inspection=inspection)
    _event(inspection, kind=Kind.RECOMMENDATION_ADDED, recommendation=recommendation)
    (answer,) = api.get(URL).json()["results"]
    assert (answer["inspection"], answer["inspection_url"], answer["recommendation"]) == (
        None,
        None,
        None,
    )
    api.force_authenticate(_user(roles.INSPECTORS))
    (answer,) = api.get(URL).json()["results"]
    assert (answer["inspection"], answer["recommendation"]) == (inspection.slug, recommendation.pk)
    assert answer["inspection_url"] is None  # not a public page yet


def _private_and_public_events(force):
    """Force's draft graded and regraded, its embargo set, then its publication."""
    draft = InspectionFactory(
        force=force, status=Inspection.Status.DRAFT, published=datetime.date(2026, 6, 3)
    )
    judgment = JudgmentFactory(inspection=draft, grade=grade("good"))
    judgment.grade = grade("inadequate")
    judgment.save()
    record_grade_change(judgment=judgment, previous_grade_id=grade("good").pk)
    publish_inspection(inspection=draft, at=timezone.now() + datetime.timedelta(hours=1))
    draft.refresh_from_db()
    publish_inspection(inspection=draft)
    _settle()
    private = list(
        ChangeEvent.objects.filter(visibility=Visibility.INSPECTORATE_AND_FORCE).order_by("pk")
    )
    public = list(ChangeEvent.objects.filter(visibility=Visibility.PUBLIC).order_by("pk"))
    assert {e.kind for e in private} == {Kind.GRADE_CORRECTED, Kind.EMBARGO_SET}
    assert [e.kind for e in public] == [Kind.INSPECTION_PUBLISHED]
    return private, public


@pytest.mark.parametrize("auth", ["session", "token"])
@pytest.mark.parametrize(
    ("role", "sees_private"),
    [("anonymous", False), ("leader_b", False), ("leader_a", True), ("inspector", True)],
)
def test_a_drafts_and_an_embargos_events_reach_only_the_inspectorate_and_the_force(
    api, auth, role, sees_private
):
    force_a, force_b = ForceFactory(), ForceFactory()
    private, public = _private_and_public_events(force_a)
    users = {
        "leader_a": lambda: _user(roles.FORCE_LEADERS, force_a),
        "leader_b": lambda: _user(roles.FORCE_LEADERS, force_b),
        "inspector": lambda: _user(roles.INSPECTORS),
    }
    if role != "anonymous":
        user = users[role]()
        if auth == "token":
            api.credentials(HTTP_AUTHORIZATION=f"Token {issue_api_token(user=user)[1]}")
        else:
            api.force_login(user)
    expected = sorted(e.pk for e in (private + public if sees_private else public))
    assert _ids(api.get(URL)) == expected
    assert _ids(api.get(URL, {"force": force_a.slug, "kind": Kind.EMBARGO_SET})) == (
        [e.pk for e in private if e.kind == Kind.EMBARGO_SET] if sees_private else []
    )
    assert _ids(api.get(URL, {"since": private[0].pk - 1})) == expected


# --- Cost and documentation ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "leader", "inspector"])
def test_a_page_costs_the_same_queries_for_few_and_many_events(
    api, role, django_assert_max_num_queries
):
    force = ForceFactory()
    user = {
        "anonymous": lambda: None,
        "leader": lambda: _user(roles.FORCE_LEADERS, force),
        "inspector": lambda: _user(roles.INSPECTORS),
    }[role]()

    def queries() -> int:
        if user is not None:  # a fresh user object: its roles are read once per request
            api.force_authenticate(type(user).objects.get(pk=user.pk))
        with django_assert_max_num_queries(4) as captured:
            assert api.get(URL, {"page_size": 200}).status_code == 200
        return len(captured.captured_queries)

    _event(InspectionFactory(force=force))
    api.get(URL)  # whether this is a demonstration database is asked once, then cached
    few = queries()
    for _ in range(3):
        inspection = InspectionFactory(force=force)
        for kind in (Kind.INSPECTION_PUBLISHED, Kind.RECOMMENDATION_ADDED):
            _event(
                inspection,
                kind=kind,
                recommendation=RecommendationFactory(finding__inspection=inspection),
            )
        _event(inspection, kind=Kind.EMBARGO_SET, visibility=Visibility.INSPECTORATE_AND_FORCE)
    assert queries() == few


def test_the_schema_documents_the_endpoint_without_warnings(api):
    reset_generator_stats()
    schema = SchemaGenerator().get_schema(public=True)
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache
    operation = schema["paths"]["/api/changes/"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert {"since", "force", "programme", "area", "kind", "cursor", "page_size"} <= set(parameters)
    for name in ("since", "force", "programme", "area", "kind"):
        assert parameters[name]["description"], name
    assert parameters["kind"]["schema"]["type"] == "array"
    assert "seconds old" in operation["description"]
    page = schema["components"]["schemas"]["PaginatedChangeEventList"]
    assert {"next", "resume", "last_id", "results"} <= set(page["required"])
    event = schema["components"]["schemas"]["ChangeEvent"]["properties"]
    assert {"title", "summary", "url", "kind_label", "force_name", "visibility"} <= set(event)
    assert not {"narrative", "comment"} & set(event)
