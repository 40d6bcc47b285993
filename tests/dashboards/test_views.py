"""Dashboard pages: indicators in, a fixed number of queries, tables and CSV beside charts."""

import csv
import io

import pytest
from django.core.cache import cache

from dashboards.models import ForceIndicatorState
from dashboards.versioning import store_new_version
from inspections.models import Force
from tests.dashboards.pages import page_figure

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_indicators")]


def test_the_overview_draws_the_heatmap_of_every_inspected_force(client):
    html = client.get("/dashboards/").text
    heatmap = page_figure(html, "grades-figure")["data"][0]
    assert heatmap["type"] == "heatmap"
    glos = heatmap["y"].index("Gloucestershire Constabulary")
    assert heatmap["text"][glos] == [
        "Inadequate",
        "Adequate",
        "Inadequate",
        "Requires<br>improvement",
        "Inadequate",
    ]
    assert "Not known" in heatmap["text"][heatmap["y"].index("Cleveland Police")]
    assert 'data-figure="grades-figure"' in html


def test_filters_narrow_the_heatmap(client):
    html = client.get("/dashboards/?programme=ncpi&region=South+West&area=leadership").text
    heatmap = page_figure(html, "grades-figure")["data"][0]
    assert heatmap["y"] == ["Gloucestershire Constabulary"]
    assert heatmap["x"] == ["Leadership"]


def test_the_filter_form_shows_the_chosen_filters_selected(client):
    html = client.get("/dashboards/?programme=ncpi&region=South+West&area=leadership").text
    assert '<option value="ncpi" selected>National child protection inspection</option>' in html
    assert '<option value="South West" selected>South West</option>' in html
    assert '<option value="leadership" selected>' in html
    assert html.count(" selected>") == 3  # no grade chosen: the first option shows


def test_a_grade_filter_keeps_forces_with_that_grade(client):
    heatmap = page_figure(client.get("/dashboards/?grade=good").text, "grades-figure")["data"][0]
    assert set(heatmap["y"]) == {
        "Greater Manchester Police",
        "Northamptonshire Police",
        "West Midlands Police",
    }


def test_a_bad_filter_is_answered_with_a_message(client):
    response = client.get("/dashboards/?programme=ncpi&area=preventing_crime")
    assert response.status_code == 400
    assert "That area is not one of the National child protection inspection" in response.text
    assert client.get("/dashboards/?grade=superb").status_code == 400
    response = client.get("/dashboards/?programme=nowhere")
    assert response.status_code == 400
    assert "That choice is not one of the available choices." in response.text


def test_the_csv_download_has_one_row_per_force(client):
    response = client.get("/dashboards/?download=grades")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Force" and len(rows[0]) == 6
    assert len(rows) - 1 == 5  # the five forces with a published child protection inspection
    assert [
        "Gloucestershire Constabulary",
        "Inadequate",
        "Adequate",
        "Inadequate",
        "Requires improvement",
        "Inadequate",
    ] in rows


def test_an_unknown_download_is_not_found(client):
    assert client.get("/dashboards/?download=nothing").status_code == 404


def test_the_force_dashboard_shows_grades_evidence_and_recommendations(client):
    html = client.get("/forces/gloucestershire/").text
    assert "Gloucestershire Constabulary" in html
    strip = page_figure(html, "ncpi-grades-figure")["data"][0]
    assert strip["text"] == [
        ["Inadequate", "Adequate", "Inadequate", "Requires<br>improvement", "Inadequate"]
    ]
    evidence = page_figure(html, "ncpi-case-files-figure")["data"]
    assert sum(len(trace["y"]) for trace in evidence if "this force" in trace["name"]) == 22
    assert "21 open" in html  # 18 recommendations and 3 areas for improvement
    timeline = html[html.index("Timeline of inspections") :]
    assert "National child protection inspection</td>" in timeline
    assert '<td class="govuk-table__cell">Published</td>' in timeline


def test_an_unknown_force_is_not_found(client):
    assert client.get("/forces/narnia/").status_code == 404


def test_a_stale_force_is_said_so_on_the_next_request(client, gloucestershire):
    assert "Figures computed" in client.get("/forces/gloucestershire/").text
    ForceIndicatorState.objects.filter(force=gloucestershire.force).update(stale=True)
    store_new_version()  # what bump_version() does when the marking transaction commits
    assert "waiting to be counted" in client.get("/forces/gloucestershire/").text


def test_anonymous_pages_come_from_the_cache(client, django_assert_max_num_queries):
    client.get("/dashboards/")
    with django_assert_max_num_queries(0):
        assert client.get("/dashboards/").status_code == 200


def test_a_new_indicator_version_renders_the_cached_page_afresh(
    client, django_assert_max_num_queries
):
    client.get("/dashboards/")
    store_new_version()  # a recompute committed
    with django_assert_max_num_queries(15) as fresh:
        assert client.get("/dashboards/").status_code == 200
    assert fresh.captured_queries  # from the database, not the page cached before
    with django_assert_max_num_queries(0):
        assert client.get("/dashboards/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/dashboards/",
        "/forces/gloucestershire/",
        "/forces/kent/",
        "/areas/leadership/",
        "/compare/?forces=gloucestershire,kent,cleveland",
    ],
)
def test_query_counts_do_not_grow_with_the_data(
    client, url, django_assert_max_num_queries, request
):
    cache.clear()
    with django_assert_max_num_queries(15) as small:
        client.get(url)
    request.getfixturevalue("demo_database")  # many more inspections, in a database of their own
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_signed_in_visitors_get_fresh_pages(client, inspector, django_assert_max_num_queries):
    client.force_login(inspector)
    client.get("/dashboards/")
    response = client.get("/dashboards/")
    assert response.status_code == 200
    assert Force.objects.exists()


def test_compare_puts_two_to_six_forces_side_by_side(client):
    html = client.get("/compare/?forces=gloucestershire,greater-manchester").text
    heatmap = page_figure(html, "grades-figure")["data"][0]
    assert heatmap["y"] == ["Gloucestershire Constabulary", "Greater Manchester Police"]
    assert heatmap["text"][1] == ["Good", "Good", "Adequate", "Adequate", "Adequate"]
    profile = "1 adequate, 1 requires improvement, 3 inadequate; 5 of 5 areas known"
    assert f"Gloucestershire Constabulary: {profile}" in html
    assert "average" not in html.lower()


def test_compare_accepts_repeated_parameters_as_the_form_sends_them(client):
    response = client.get("/compare/?forces=gloucestershire&forces=cleveland&forces=kent")
    assert response.status_code == 200
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    "/compare/?forces=gloucestershire&forces=cleveland&forces=kent&download=measures"
                ).content.decode()
            )
        )
    )
    assert [r[0] for r in rows[1:]] == [
        "Cleveland Police",
        "Gloucestershire Constabulary",
        "Kent Police",
    ]
    assert rows[3][1] == "No published inspection"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("forces=gloucestershire", "Choose two to six forces, not 1."),
        ("forces=gloucestershire,narnia", "“narnia” is not a force we know."),
        ("forces=kent,essex,surrey,sussex,dorset,devon-and-cornwall,wiltshire", "not 7"),
    ],
)
def test_compare_refuses_a_bad_choice_with_a_message(client, query, message):
    response = client.get(f"/compare/?{query}")
    assert response.status_code == 400
    assert message in response.text


def test_the_area_view_orders_forces_by_grade_and_lists_causes_of_concern(client):
    html = client.get("/areas/investigation/").text
    rows = list(
        csv.reader(
            io.StringIO(client.get("/areas/investigation/?download=forces").content.decode())
        )
    )
    assert rows[0][:2] == ["Force", "Grade"]  # no rank column
    assert rows[1][0] == "Greater Manchester Police"  # adequate comes first here
    grades = [r[1] for r in rows[1:]]
    assert {"Inadequate", "Adequate"} <= set(grades)
    # not known last, and the page says so
    known = [g for g in grades if g != "Not known"]
    assert grades[: len(known)] == known
    assert "not known come last" in html
    assert "Investigations of child abuse, neglect or exploitation are delayed" in html


def test_an_unknown_area_is_not_found(client):
    assert client.get("/areas/nowhere/").status_code == 404


def test_every_page_says_when_the_site_holds_synthetic_data(client, request):
    notice = "every inspection on this site was generated for demonstrations"
    assert notice not in client.get("/").text
    request.getfixturevalue("demo_database")
    for url in ("/", "/dashboards/", "/forces/kent/", "/compare/?forces=kent,essex"):
        assert notice in client.get(url).text, url


def test_compare_submitted_with_no_force_ticked_says_what_to_do(client):
    chooser = client.get("/compare/")
    assert chooser.status_code == 200 and 'name="programme" value="ncpi"' in chooser.text
    response = client.get("/compare/?programme=ncpi")  # the form, nothing ticked
    assert response.status_code == 400
    assert "Choose two to six forces." in response.text
