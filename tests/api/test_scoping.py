"""Drafts and what hangs from them reach only inspectors, admins and their own force's leaders."""

import pytest
from django.utils import timezone

from dashboards.models import GradeIndicator
from tests.api.builders import every_result, leader_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Each list, and the field of its rows that names the inspection it hangs from.
BY_INSPECTION = {
    "/api/inspections/": "slug",
    "/api/judgments/": "inspection",
    "/api/findings/": "inspection",
    "/api/statistics/": "inspection",
    "/api/other-figures/": "inspection",
    "/api/recommendations/": "inspection",
    "/api/indicators/grades/": "inspection",
    "/api/indicators/statistics/": "inspection",
}


@pytest.fixture
def withdrawn_indicator(world):
    """A force row still naming a draft, as one withdrawn before the next recompute would."""
    return GradeIndicator.objects.create(
        programme=world.draft_a.inspection.programme,
        force=world.force_a,
        inspection=world.draft_a.inspection,
        computed_at=timezone.now(),
    )


def _inspections_seen(client) -> dict[str, set[str]]:
    return {
        url: {row[key] for row in every_result(client, f"{url}?page_size=200")}
        for url, key in BY_INSPECTION.items()
    }


def _progress_seen(client) -> set[int]:
    return {row["recommendation"] for row in every_result(client, "/api/progress-updates/")}


@pytest.mark.parametrize("who", ["anonymous", "plain user"])
def test_the_public_never_sees_a_draft_or_anything_under_it(api, world, withdrawn_indicator, who):
    if who == "plain user":
        api.force_authenticate(UserFactory())
    drafts = {rows.inspection.slug for rows in world.drafts}
    for url, seen in _inspections_seen(api).items():
        assert not seen & drafts, url
    assert world.published_a.inspection.slug in _inspections_seen(api)["/api/findings/"]
    assert not _progress_seen(api) & {rows.recommendation.pk for rows in world.drafts}
    for rows in world.drafts:
        assert api.get(f"/api/inspections/{rows.inspection.slug}/").status_code == 404
        assert api.get(f"/api/findings/{rows.finding_id}/").status_code == 404
        assert api.get(f"/api/recommendations/{rows.recommendation.pk}/").status_code == 404
        filtered = f"/api/judgments/?inspection={rows.inspection.slug}"
        assert api.get(filtered).json()["results"] == []


def test_a_force_leader_sees_their_own_forces_draft_but_not_anothers(api, world, leader_a):
    api.force_authenticate(leader_a)
    own, other = world.draft_a.inspection.slug, world.draft_b.inspection.slug
    for url, seen in _inspections_seen(api).items():
        if url not in ("/api/indicators/grades/", "/api/indicators/statistics/"):
            assert own in seen, url
        assert other not in seen, url
    assert world.draft_a.recommendation.pk in _progress_seen(api)
    assert world.draft_b.recommendation.pk not in _progress_seen(api)
    assert api.get(f"/api/inspections/{own}/").status_code == 200
    assert api.get(f"/api/inspections/{other}/").status_code == 404
    assert api.get(f"/api/recommendations/{world.draft_b.recommendation.pk}/").status_code == 404


def test_a_force_leader_of_another_force_does_not_see_the_draft(api, world):
    api.force_authenticate(leader_of(world.force_b))
    assert api.get(f"/api/inspections/{world.draft_a.inspection.slug}/").status_code == 404
    assert api.get(f"/api/inspections/{world.draft_b.inspection.slug}/").status_code == 200


@pytest.mark.parametrize("role", ["inspector", "admin_user"])
def test_inspectors_and_admins_see_every_draft(api, world, withdrawn_indicator, role, request):
    api.force_authenticate(request.getfixturevalue(role))
    drafts = {rows.inspection.slug for rows in world.drafts}
    for url, seen in _inspections_seen(api).items():
        if url != "/api/indicators/statistics/":  # built from published statistics only
            assert drafts & seen, url
    assert {rows.recommendation.pk for rows in world.drafts} <= _progress_seen(api)


def test_the_public_api_is_read_only(api, world):
    for url in ["/api/inspections/", "/api/findings/", "/api/recommendations/"]:
        assert api.post(url, {}).status_code in (401, 403, 405)
    assert api.delete(f"/api/inspections/{world.published_a.inspection.slug}/").status_code == 405


@pytest.mark.parametrize("who", ["anonymous", "plain user", "leader", "inspector"])
@pytest.mark.parametrize("url", ["/api/recommendations/", "/api/progress-updates/"])
def test_a_lists_count_is_the_number_of_rows_the_caller_sees(api, world, inspector, who, url):
    callers = {"plain user": UserFactory(), "leader": leader_of(world.force_a)}
    if who != "anonymous":
        api.force_authenticate(inspector if who == "inspector" else callers[who])
    for query in ("", f"?force={world.force_a.slug}", "?force=nowhere", "?page_size=1"):
        rows = every_result(api, url + query)
        assert api.get(url + query).json()["count"] == len(rows), (url, query)
