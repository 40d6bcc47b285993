"""Every page costs the same number of queries for a force with a little data as for one with
three times as much: nothing is read once per inspection, recommendation or update.
(The API's lists are held to the same in tests/api/test_query_counts.py.)"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards.services import recompute_all_indicators
from findings.models import Finding
from inspections import roles
from inspections.models import Inspection
from recommendations.models import Evidence, ProgressUpdate, Recommendation
from tests.api.builders import leader_of, make_inspection
from tests.factories import FindingFactory, ForceFactory, ProgressUpdateFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGES = {
    "overview": ("anonymous", "/dashboards/"),
    "force page": ("anonymous", "/forces/{force}/"),
    "area page": ("anonymous", "/areas/leadership/"),
    "compare": ("anonymous", "/compare/?forces={force},{other}"),
    "inspection page": ("anonymous", "/inspections/{inspection}/"),
    "home page": ("anonymous", "/"),
    "my force": ("leader", "/my-force/"),
    "my force, sorted by words": ("leader", "/my-force/?sort=recommendation"),
    "tracking": ("inspector", "/tracking/"),
    "force tracker": ("inspector", "/tracking/forces/{force}/"),
    "review queue": ("inspector", "/tracking/review/"),
    "recommendation page": ("inspector", "/tracking/recommendations/{recommendation}/"),
    "force page, signed in": ("inspector", "/forces/{force}/"),
}


def grow(force, other, *, scale: int) -> None:
    """`scale` more published inspections of each force, each with a row of every kind, and
    for the busy force `scale` more recommendations per inspection with two updates each."""
    for i in range(scale):
        day = datetime.date(2020 + i % 5, 1 + i % 12, 1 + i % 28)
        make_inspection(other, published=day, grade_slug="good")
        rows = make_inspection(force, published=day, grade_slug="requires_improvement")
        finding = FindingFactory(inspection=rows.inspection, kind=Finding.Kind.CAUSE_OF_CONCERN)
        for j in range(scale):
            recommendation = Recommendation.objects.create(
                inspection=rows.inspection,
                finding=finding,
                position=j + 1,
                text=f"make sure item {i}.{j} is done",
                due_date=datetime.date(2024, 1, 1) if j % 2 else None,
                force_status="reported_complete" if j % 3 == 0 else "in_progress",
            )
            for _ in range(2):
                update = ProgressUpdateFactory(recommendation=recommendation)
                Evidence.objects.create(progress_update=update, url="https://example.org/plan")


@pytest.fixture
def busy(db):
    """A busy force, a quiet one, their users, and a recommendation with a long history."""
    force = ForceFactory(slug="busyshire")
    other = ForceFactory(slug="quietshire")
    watched = make_inspection(force, published=datetime.date(2025, 6, 1), grade_slug="good")
    inspector = UserFactory(username="page-counts-inspector")
    inspector.groups.add(Group.objects.get(name=roles.INSPECTORS))
    return {
        "force": force,
        "other": other,
        "watched": watched,
        "leader": leader_of(force),
        "inspector": inspector,
    }


def _queries(client, busy, who: str, url: str) -> int:
    user = {"anonymous": None, "leader": busy["leader"], "inspector": busy["inspector"]}[who]
    client.logout()
    if user is not None:
        # A fresh object each time: role lookups are cached on the user.
        client.force_login(get_user_model().objects.get(pk=user.pk))
    cache.clear()  # pages rendered afresh, not from the page cache
    client.get(url)  # then whether this is a demonstration database is cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


@pytest.mark.parametrize("page", PAGES)
def test_a_page_costs_the_same_for_a_force_with_three_times_the_data(client, busy, page):
    who, address = PAGES[page]
    watched = busy["watched"]
    url = address.format(
        force=busy["force"].slug,
        other=busy["other"].slug,
        inspection=watched.inspection.slug,
        recommendation=watched.recommendation.pk,
    )

    def sizes() -> tuple[int, int]:
        return (
            Inspection.objects.filter(force=busy["force"]).count(),
            ProgressUpdate.objects.filter(recommendation__inspection__force=busy["force"]).count(),
        )

    grow(busy["force"], busy["other"], scale=2)
    _add_to_watched(watched, 2)
    recompute_all_indicators()
    few, few_size = _queries(client, busy, who, url), sizes()

    grow(busy["force"], busy["other"], scale=4)
    _add_to_watched(watched, 4)
    recompute_all_indicators()
    many, many_size = _queries(client, busy, who, url), sizes()

    assert many_size[0] >= 3 * few_size[0] - 3 and many_size[1] > 3 * few_size[1]
    assert few == many, f"{page}: {few} queries with less data, {many} with more"


def _add_to_watched(watched, count: int) -> None:
    """More recommendations of the watched inspection, and more updates on its first one."""
    for i in range(count):
        Recommendation.objects.create(
            inspection=watched.inspection,
            finding=Finding.objects.get(pk=watched.finding_id),
            position=100 + Recommendation.objects.filter(inspection=watched.inspection).count(),
            text=f"make sure watched item {i} is done",
        )
        update = ProgressUpdateFactory(recommendation=watched.recommendation)
        Evidence.objects.create(progress_update=update, url="https://example.org/evidence")
