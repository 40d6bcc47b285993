"""Lists come in pages: 50 rows unless asked otherwise, and never more than 200."""

import pytest

from inspections.models import Force

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_forces(db) -> int:
    Force.objects.bulk_create(
        Force(name=f"Force {n:03}", short_name=f"F{n:03}", slug=f"f-{n:03}", region="R")
        for n in range(170)
    )
    return Force.objects.count()


def test_page_size_defaults_to_50_and_stops_at_200(api, many_forces):
    first = api.get("/api/forces/").json()
    assert first["count"] == many_forces > 200
    assert len(first["results"]) == 50
    assert first["previous"] is None and first["next"].endswith("/api/forces/?page=2")
    assert len(api.get("/api/forces/?page_size=5000").json()["results"]) == 200
    assert len(api.get("/api/forces/?page_size=7").json()["results"]) == 7


def test_pages_do_not_overlap_and_cover_everything(api, many_forces):
    seen, url = [], "/api/forces/?page_size=30"
    while url:
        body = api.get(url).json()
        seen += [f["slug"] for f in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == many_forces


def test_a_page_past_the_end_is_a_404(api, db):
    assert api.get("/api/forces/?page=99").status_code == 404
