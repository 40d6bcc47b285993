"""An anonymous reader's list pages are kept until a committed write changes the data."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from dashboards import bulk, versioning
from findings.models import Theme
from inspections import services as inspection_services
from recommendations.models import ProgressUpdate, Recommendation
from tests.api.builders import make_inspection
from tests.cache_helpers import cache_entries

pytestmark = pytest.mark.django_db

RECOMMENDATIONS = "/api/recommendations/?page_size=200"


def _read(api, url=RECOMMENDATIONS):
    """The answer and the statements that read recommendations to make it."""
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    assert response.status_code == 200
    read = [
        q["sql"] for q in queries.captured_queries if "recommendations_recommendation" in q["sql"]
    ]
    return response.json(), read


def _texts(answer) -> set[str]:
    return {row["text"] for row in answer["results"]}


def test_a_second_anonymous_read_is_answered_from_the_kept_page(api, world):
    first, read_first = _read(api)
    second, read_second = _read(api)
    assert read_first, "the first read asks the database"
    assert read_second == []
    assert second == first
    assert {world.published_a.recommendation.text, world.published_b.recommendation.text} <= (
        _texts(first)
    )


def _save(world):
    world.published_a.recommendation.text = "Changed by a save"
    world.published_a.recommendation.save()
    return "Changed by a save"


def _update(world):
    Recommendation.objects.filter(pk=world.published_b.recommendation.pk).update(
        text="Changed by an update"
    )
    return "Changed by an update"


def _publish(world):
    inspection = world.draft_a.inspection
    inspection.published = datetime.date(2025, 4, 1)
    inspection.save()
    inspection_services.publish_inspection(inspection=inspection)
    return world.draft_a.recommendation.text


def _new_inspection(world):
    rows = make_inspection(world.force_b, published=datetime.date(2025, 3, 1), grade_slug="good")
    return rows.recommendation.text


@pytest.mark.parametrize("write", [_save, _update, _publish, _new_inspection])
def test_a_committed_write_gives_way_to_the_rows_it_wrote(
    api, world, write, django_capture_on_commit_callbacks
):
    _read(api)
    with django_capture_on_commit_callbacks(execute=True):
        text = write(world)
    answer, read = _read(api)
    assert read, "read afresh"
    assert text in _texts(answer)


def test_a_delete_gives_way(api, world, django_capture_on_commit_callbacks):
    url = "/api/progress-updates/?page_size=200"
    before = {row["id"] for row in api.get(url).json()["results"]}
    assert world.published_a.progress.pk in before
    with django_capture_on_commit_callbacks(execute=True):
        ProgressUpdate.objects.filter(pk=world.published_a.progress.pk).delete()
    after = {row["id"] for row in api.get(url).json()["results"]}
    assert after == before - {world.published_a.progress.pk}


def test_rows_copied_in_give_way(api, world, django_capture_on_commit_callbacks):
    """The bulk path (COPY on PostgreSQL) passes by Django's statements and says so itself."""
    _read(api, "/api/progress-updates/")
    recommendation = world.published_a.recommendation
    now = datetime.datetime(2025, 1, 2, 12, tzinfo=datetime.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        bulk.insert_rows(
            ProgressUpdate,
            [
                "recommendation_id",
                "created_at",
                "effective_on",
                "force_status",
                "verification_status",
                "narrative",
            ],
            [(recommendation.pk, now, datetime.date(2025, 1, 2), "in_progress", "", "")],
        )
    answer, _ = _read(api, "/api/progress-updates/?page_size=200")
    assert "2025-01-02" in {row["effective_on"] for row in answer["results"]}


def test_the_version_changes_after_the_commit_not_before(world, django_capture_on_commit_callbacks):
    before = versioning.current_data_version()
    with django_capture_on_commit_callbacks(execute=True):
        Theme.objects.create(slug="kept-pages", name="Kept pages")
        assert versioning.current_data_version() == before, "changed before the commit"
    assert versioning.current_data_version() != before


def test_a_recompute_retires_the_kept_pages(world, django_capture_on_commit_callbacks):
    """What to run after a change made outside Django, which nothing sees (README)."""
    before = versioning.current_data_version()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("recompute_indicators", world.force_a.slug, stdout=StringIO())
    after = versioning.current_data_version()
    assert after != before
    versioning.store_new_version()  # a recompute's last step, whether or not it wrote
    assert versioning.current_data_version() != after


def test_a_write_rolled_back_keeps_the_page(api, world, django_capture_on_commit_callbacks):
    _read(api)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _update(world)
            raise RuntimeError("abandoned")
    assert callbacks == []
    answer, read = _read(api)
    assert read == []
    assert "Changed by an update" not in _texts(answer)


def test_a_signed_in_reader_is_answered_afresh(api, world, inspector):
    anonymous, _ = _read(api)
    api.force_authenticate(inspector)
    signed_in, read = _read(api)
    assert read, "not from the anonymous reader's page"
    assert world.draft_a.recommendation.text in _texts(signed_in)
    assert world.draft_a.recommendation.text not in _texts(anonymous)
    api.force_authenticate(None)
    again, _ = _read(api)
    assert again == anonymous


@pytest.mark.parametrize(
    "query", ["?junk=1", "?page_size=200&format=json&x=1", "?force=nowhere&unknown="]
)
def test_an_address_with_a_parameter_the_list_does_not_read_is_not_kept(api, world, query):
    api.get(f"/api/recommendations/{query}")  # whatever a first request keeps besides
    entries = cache_entries()
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = api.get(f"/api/recommendations/{query}")
        assert response.status_code in (200, 400)
        assert any("recommendations_recommendation" in q["sql"] for q in queries.captured_queries)
    assert cache_entries() == entries


def test_range_and_page_parameters_are_kept(api, world):
    url = (
        "/api/recommendations/?due_date_after=2023-01-01&due_date_before=2025-01-01"
        "&page=1&page_size=5"
    )
    _read(api, url)
    _, read = _read(api, url)
    assert read == []


@override_settings(ALLOWED_HOSTS=["testserver", "127.0.0.1"])
def test_the_links_of_a_kept_page_name_the_host_asked(api, world):
    url = "/api/recommendations/?page_size=1"
    first = api.get(url, HTTP_HOST="127.0.0.1").json()
    second = api.get(url, HTTP_HOST="testserver").json()
    assert first["next"].startswith("http://127.0.0.1/")
    assert second["next"].startswith("http://testserver/")


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
)
def test_with_the_cache_unreachable_the_list_is_answered_afresh(api, world, caplog):
    answer, read = _read(api)
    assert read
    assert world.published_a.recommendation.text in _texts(answer)
    assert world.draft_a.recommendation.text not in _texts(answer)
    assert "API list cache unavailable" in caplog.text
