"""The search page: kinds grouped, best matches first, drafts only for those who may see them,
and a clear message for input it cannot search for. Runs on SQLite and on PostgreSQL."""

import pytest
from django.db import connection
from django.urls import reverse

from findings.models import Finding
from inspections.models import Inspection
from search.selectors import search_everything
from tests.factories import (
    CaseFileStatisticFactory,
    FindingFactory,
    ForceFactory,
    InspectionFactory,
    RecommendationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
URL = reverse("search:results")
SECRET = "Quokka husbandry is neglected"


def _groups(response) -> dict:
    return {g.key: g for g in response.context["results"].groups}


def test_voice_of_the_child_finds_gloucestershires_statistic_and_recommendations(
    client, gloucestershire
):
    response = client.get(URL, {"q": "voice of the child"})

    assert response.status_code == 200
    groups = _groups(response)
    statistic = groups["statistics"].hits[0]
    assert "voice of the child was absent" in statistic.title
    assert "25 of 48" in statistic.title
    assert statistic.complete
    assert statistic.url.startswith(gloucestershire.get_absolute_url())
    assert "Gloucestershire" in statistic.context
    recommendations = groups["recommendations"].hits
    assert recommendations and all("child" in h.title.lower() for h in recommendations)
    assert all(h.url.startswith(gloucestershire.get_absolute_url()) for h in recommendations)
    assert "25 of 48 case files" in response.content.decode()


def test_kinds_come_in_a_fixed_order_each_with_its_count(client, gloucestershire):
    response = client.get(URL, {"q": "Gloucestershire child"})

    keys = list(_groups(response))
    order = [
        "forces",
        "inspections",
        "causes-of-concern",
        "recommendations",
        "areas-for-improvement",
        "statistics",
        "other-findings",
    ]
    assert keys == [k for k in order if k in keys]
    assert {"forces", "inspections", "causes-of-concern", "recommendations"} <= set(keys)
    for group in response.context["results"].groups:
        assert group.total >= len(group.hits) > 0


def test_a_force_is_found_by_the_start_of_its_name(client, db):
    response = client.get(URL, {"q": "gloucester"})

    forces = _groups(response)["forces"].hits
    assert [h.title for h in forces] == ["Gloucestershire Constabulary"]
    assert forces[0].url == reverse("dashboards:force", args=["gloucestershire"])


def test_a_row_with_all_the_words_ranks_above_rows_with_some(db):
    inspection = InspectionFactory()
    some = FindingFactory(inspection=inspection, title="Wombat care of wombats is weak")
    every = FindingFactory(inspection=inspection, title="Wombat care of numbats is weak")
    FindingFactory(inspection=inspection, title="Unrelated matter")

    found = _only(search_everything(query="numbats wombat", user=None), "causes-of-concern")

    assert [h.title for h in found.hits] == [every.title, some.title]
    assert [h.complete for h in found.hits] == [True, False]


def test_more_mentions_rank_higher_on_postgresql_and_ties_keep_their_order_elsewhere(db):
    inspection = InspectionFactory()
    once = FindingFactory(inspection=inspection, title="Numbats", body="Little else here.")
    often = FindingFactory(
        inspection=inspection, title="Numbats", body="Numbats wait; numbats are lost."
    )

    found = _only(search_everything(query="numbats", user=None), "causes-of-concern")

    # ts_rank counts mentions; the SQLite fallback ranks only by how many words a row holds.
    expected = [often, once] if connection.vendor == "postgresql" else [once, often]
    assert [h.excerpt for h in found.hits] == [f.body for f in expected]


def test_the_gin_indexes_exist_and_serve_the_search_only_on_postgresql(db):
    from search.selectors import FINDING_FIELDS, _full_text

    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "findings_finding")
    if connection.vendor != "postgresql":
        assert "search_finding_words" not in indexes
        return
    assert indexes["search_finding_words"]["type"] == "gin"
    sql, params = _full_text(
        Finding.objects.all(), FINDING_FIELDS, ["child"]
    ).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_finding_words" in plan


def _only(results, key):
    return next(g for g in results.groups if g.key == key)


@pytest.fixture
def draft_world():
    force, other = ForceFactory(), ForceFactory()
    draft = InspectionFactory(force=force, status=Inspection.Status.DRAFT, published=None)
    concern = FindingFactory(inspection=draft, title=SECRET)
    RecommendationFactory(finding=concern, text=f"make sure {SECRET.lower()} no longer")
    FindingFactory(
        inspection=draft, kind=Finding.Kind.AREA_FOR_IMPROVEMENT, title=f"{SECRET} (area)"
    )
    CaseFileStatisticFactory(inspection=draft, about=f"case files where {SECRET.lower()}")
    return force, other


def _leader_of(force):
    from django.contrib.auth.models import Group

    from inspections import roles
    from inspections.models import ForceMembership

    user = UserFactory()
    user.groups.add(Group.objects.get(name=roles.FORCE_LEADERS))
    ForceMembership.objects.create(user=user, force=force)
    return user


@pytest.mark.parametrize("role", ["anonymous", "other_leader", "own_leader", "inspector", "admin"])
def test_a_drafts_words_are_found_only_by_those_who_may_see_it(client, draft_world, role, request):
    force, other = draft_world
    user = {
        "anonymous": lambda: None,
        "other_leader": lambda: _leader_of(other),
        "own_leader": lambda: _leader_of(force),
        "inspector": lambda: request.getfixturevalue("inspector"),
        "admin": lambda: request.getfixturevalue("admin_user"),
    }[role]()
    if user:
        client.force_login(user)

    response = client.get(URL, {"q": "quokka husbandry"})

    may_see = role in ("own_leader", "inspector", "admin")
    body = response.content.decode()
    assert response.status_code == 200
    assert (SECRET in body) is may_see
    groups = _groups(response)
    expected = {"causes-of-concern", "recommendations", "areas-for-improvement", "statistics"}
    assert set(groups) == (expected if may_see else set())
    if may_see:
        assert all(h.draft for g in groups.values() for h in g.hits)
        assert "Draft" in body
        # Those who track the recommendation go to its tracking page.
        assert groups["recommendations"].hits[0].url.startswith("/tracking/recommendations/")
    else:
        assert "0 results" in body


def test_the_page_without_a_query_offers_the_box(client, db):
    response = client.get(URL)

    assert response.status_code == 200
    assert "results" not in response.context
    assert 'name="q"' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Enter a word or words to search for."),
        ("   ", "Enter a word or words to search for."),
        ("x" * 201, "Search words must be 200 characters or fewer; you entered 201."),
        ("the of and", "too common to search for"),
        ("!!! ??? ---", "too common to search for"),
        ("child\x00abuse", "Null characters are not allowed."),
        ("child\x1b[31m", "cannot contain control characters"),
        ("child\u200babuse", "cannot contain control characters"),
    ],
)
def test_input_it_cannot_search_for_gets_a_message_naming_the_problem(client, db, query, message):
    response = client.get(URL, {"q": query})

    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert message.replace("“", "&ldquo;") in body or message in body
    assert "results" not in response.context


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE findings_finding; --",
        "child & | ! : * ( ) <script>",
        "Gloucestershire’s «children» 25/48 % _ __init__",
        "ünïcödé ½ ² ١٢٣ 子供",
        "a_b c:d e-f",
        "word " * 30,
    ],
)
def test_odd_characters_are_searched_as_plain_words(client, gloucestershire, query):
    response = client.get(URL, {"q": query})

    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_the_header_box_on_every_page_sends_a_plain_get(client, db):
    body = client.get(reverse("inspections:home")).content.decode()

    assert f'action="{URL}" method="get" role="search"' in body
    assert 'name="q" type="search"' in body


def test_a_search_reads_a_bounded_number_of_queries(
    client, gloucestershire, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        client.get(URL, {"q": "children risk supervision"})
