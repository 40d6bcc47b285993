"""Bad input gets a 4xx in JSON that names what is wrong, and writes nothing."""

import pytest

from recommendations.models import ProgressUpdate
from tests.api.builders import every_result

pytestmark = pytest.mark.django_db

PROGRESS = {"force_status": "in_progress", "narrative": "Training started."}


@pytest.mark.parametrize(
    "query", ["page=0", "page=-1", "page=two", "page_size=0", "page_size=1.5", "page_size=x"]
)
def test_a_page_or_size_that_is_not_a_whole_number_from_1_is_a_400_naming_it(api, world, query):
    response = api.get(f"/api/forces/?{query}")
    assert response.status_code == 400
    assert response.json() == {query.split("=")[0]: ["Enter a whole number from 1."]}


def test_an_empty_page_size_or_filter_filters_nothing(api, world):
    everything = api.get("/api/inspections/").json()
    assert api.get("/api/inspections/?page=&page_size=&force=&published_after=").json() == (
        everything
    )


def test_the_last_page_can_be_asked_for_by_name(api, world):
    last = api.get("/api/forces/?page_size=1&page=last").json()
    assert last["next"] is None and len(last["results"]) == 1


@pytest.mark.parametrize("value", ["yes", "null", "2"])
def test_a_boolean_filter_that_is_not_true_or_false_is_a_400(api, world, value):
    response = api.get(f"/api/recommendations/?overdue={value}")
    assert response.status_code == 400
    assert response.json() == {"overdue": ["Enter true or false."]}


def test_a_boolean_filter_reads_true_false_1_and_0(api, world):
    overdue = every_result(api, "/api/recommendations/?overdue=true")
    assert overdue and all(row["is_overdue"] for row in overdue)
    assert every_result(api, "/api/recommendations/?overdue=1") == overdue
    not_overdue = every_result(api, "/api/recommendations/?overdue=0")
    assert not any(row["is_overdue"] for row in not_overdue)
    assert every_result(api, "/api/recommendations/?overdue=false") == not_overdue


@pytest.mark.parametrize(
    "url", ["/api/", "/api/nothing-here/", "/api/findings/one/", "/api/forces/not a slug/"]
)
def test_an_address_under_the_api_that_names_nothing_is_a_404_in_json(api, url):
    for response in (api.get(url), api.post(url, PROGRESS, format="json")):
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "Not found."}


def test_an_address_without_its_final_slash_is_sent_to_it(api):
    response = api.get("/api/forces")
    assert (response.status_code, response["Location"]) == (301, "/api/forces/")


def test_writes_take_json_only(api, world, leader_a):
    api.force_authenticate(leader_a)
    url = f"/api/recommendations/{world.published_a.recommendation.pk}/progress/"
    response = api.post(url, PROGRESS)  # multipart, as a browser form would send it
    assert response.status_code == 415
    assert "detail" in response.json()
    assert api.post(url, PROGRESS, format="json").status_code == 201


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"narrative": 42}, "narrative"),
        ({"links": ["http://localhost/audit"]}, "links"),
        ({"links": ["ftp://example.org/audit.pdf"]}, "links"),
        ({"links": ["https://gov.uk/a b"]}, "links"),
    ],
)
def test_input_the_schema_does_not_allow_is_refused(api, world, leader_a, change, field):
    recommendation = world.published_a.recommendation
    api.force_authenticate(leader_a)
    url = f"/api/recommendations/{recommendation.pk}/progress/"
    response = api.post(url, {**PROGRESS, **change}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {field}
    assert ProgressUpdate.objects.filter(recommendation=recommendation).count() == 1


def test_a_web_address_with_a_domain_name_is_a_link(api, world, leader_a):
    api.force_authenticate(leader_a)
    url = f"/api/recommendations/{world.published_a.recommendation.pk}/progress/"
    links = [
        "https://www.justiceinspectorates.gov.uk/hmicfrs/report.pdf?page=2#summary",
        "https://assets.publishing.service.gov.uk/media/abc123/action-plan.pdf",
    ]
    response = api.post(url, {**PROGRESS, "links": links}, format="json")
    assert response.status_code == 201, response.content
