"""Each list costs the same number of queries for a few rows as for many."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from dashboards.services import recompute_force_indicators
from tests.api.builders import make_inspection
from tests.factories import ForceFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/forces/",
    "/api/programmes/",
    "/api/inspections/",
    "/api/judgments/",
    "/api/themes/",
    "/api/measures/",
    "/api/findings/",
    "/api/statistics/",
    "/api/other-figures/",
    "/api/recommendations/",
    "/api/progress-updates/",
    "/api/indicators/grades/",
    "/api/indicators/statistics/",
    "/api/indicators/measures/",
    "/api/indicators/themes/",
]
# Reference lists, and national rows (one per measure, per theme): new inspections add none.
FIXED_ROWS = {
    "/api/programmes/",
    "/api/themes/",
    "/api/measures/",
    "/api/indicators/measures/",
    "/api/indicators/themes/",
}
MAX_QUERIES = 5  # count, rows, a prefetch, and a signed-in user's role (two for a leader)


def _queries(api, url, user_pk, django_assert_max_num_queries) -> int:
    # A fresh user object each time: role lookups are cached on it.
    api.force_authenticate(get_user_model().objects.get(pk=user_pk) if user_pk else None)
    with django_assert_max_num_queries(MAX_QUERIES) as queries:
        response = api.get(f"{url}?page_size=200")
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("url", LISTS)
def test_a_list_costs_the_same_for_few_and_many_rows(
    api, world, inspector, url, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    recompute_force_indicators(force=world.force_a)
    # One unmeasured request first: whether this is a demonstration database is asked once and
    # then kept in the cache, so the first request after a cleared cache costs one query more.
    assert api.get(url).status_code == 200
    few = [_queries(api, url, who, django_assert_max_num_queries) for who in (None, inspector.pk)]
    api.force_authenticate(None)
    rows_before = api.get(f"{url}?page_size=200").json()["count"]
    # Committed, as in use, so that the anonymous reader's kept pages give way to the rows.
    with django_capture_on_commit_callbacks(execute=True):
        for force in ForceFactory.create_batch(4):
            for day in range(1, 4):
                make_inspection(force, published=datetime.date(2024, 6, day), grade_slug="good")
                make_inspection(force, published=None, grade_slug="adequate")
            recompute_force_indicators(force=force)
    many = [_queries(api, url, who, django_assert_max_num_queries) for who in (None, inspector.pk)]
    api.force_authenticate(None)
    if url not in FIXED_ROWS:
        assert api.get(f"{url}?page_size=200").json()["count"] > rows_before, "no rows added"
    assert few == many
