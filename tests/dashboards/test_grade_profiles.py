"""Each force's PEEL grade profile on the national overview: stacked counts per force, ordered
by grade with 'not known' last, never attributed to areas; the same in CSV and the API."""

import csv
import io

import plotly.graph_objects as go
import pytest

from dashboards.figures import GradeProfile, grade_profile_bars
from dashboards.indicators import grade_profile_order
from inspections.models import Inspection

PEEL = "/dashboards/?programme=peel-2023-25"
GRADES = ["outstanding", "good", "adequate", "requires_improvement", "inadequate"]


def test_the_profile_figure_stacks_each_grade_and_the_areas_not_known():
    figure = grade_profile_bars(
        [
            GradeProfile("Durham", {"outstanding": 1, "good": 2, "adequate": 7}, 0),
            GradeProfile("Kent", {}, 8),
        ]
    )
    go.Figure(figure)  # valid against Plotly's schema
    names = [trace["name"] for trace in figure["data"]]
    assert names == [
        "Outstanding",
        "Good",
        "Adequate",
        "Requires improvement",
        "Inadequate",
        "Not known",
    ]
    assert figure["data"][2]["x"] == [7, 0] and figure["data"][-1]["x"] == [0, 8]
    assert (
        figure["layout"]["barmode"] == "stack" and figure["layout"]["xaxis"]["tickformat"] == ",d"
    )


def test_profiles_are_ordered_by_grade_with_the_partly_known_last():
    profiles = {
        "all adequate": ({"adequate": 8}, 0),
        "one outstanding": ({"outstanding": 1, "inadequate": 7}, 0),
        "two good": ({"good": 2, "adequate": 6}, 0),
        "half known": ({"outstanding": 4}, 4),
        "none known": ({}, 8),
    }
    ordered = sorted(profiles, key=lambda k: grade_profile_order(*profiles[k], GRADES))
    assert ordered == ["one outstanding", "two good", "all adequate", "half known", "none known"]


def _rows(client, query=""):
    response = client.get(f"{PEEL}{query}&download=profiles")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.django_db
def test_the_overview_shows_every_force_with_a_peel_report(client):
    page = client.get(PEEL).text
    rows = _rows(client)

    assert "Grade profile of each force" in page and "not a league table" in page
    reports = Inspection.objects.filter(programme__slug="peel-2023-25", status="published")
    assert {r["Force"] for r in rows} == set(reports.values_list("force__name", flat=True))
    assert len(rows) == 41
    durham = next(r for r in rows if r["Force"] == "Durham Constabulary")
    assert durham["Published"] == "date not known"
    assert (durham["Areas graded"], durham["Outstanding"], durham["Adequate"]) == ("10", "1", "5")
    assert durham["Not known"] == "0"


@pytest.mark.django_db
def test_forces_whose_grades_are_not_known_come_last_with_blank_counts_not_zeros(client):
    rows = _rows(client)
    partly = [i for i, r in enumerate(rows) if r["Not known"] != "0"]
    assert partly == list(range(len(rows) - len(partly), len(rows)))  # all at the end
    kent = next(r for r in rows if r["Force"] == "Kent Police")
    assert kent["Not known"] == "8" and kent["Good"] == "" and kent["Inadequate"] == ""
    complete = [r for r in rows if r["Not known"] == "0"]
    assert complete[0]["Force"] == "Cheshire Constabulary"  # the most outstanding grades
    for row in complete:
        counts = sum(int(row[g]) for g in ("Outstanding", "Good", "Adequate", "Inadequate"))
        assert counts + int(row["Requires improvement"]) == int(row["Areas graded"])


@pytest.mark.django_db
def test_the_profile_chart_follows_the_region_and_grade_filters(client):
    london = _rows(client, "&region=London")
    inadequate = _rows(client, "&grade=inadequate")

    assert {r["Force"] for r in london} == {
        "City of London Police",
        "Metropolitan Police Service",
    }
    assert inadequate and all(int(r["Inadequate"] or 0) > 0 for r in inadequate)
    assert "Lincolnshire Police" in {r["Force"] for r in inadequate}


@pytest.mark.django_db
def test_the_api_gives_each_reports_grade_counts_without_areas(client):
    durham = client.get("/api/inspections/durham-peel-2023-25-date-not-known/").json()

    assert durham["published"] is None and durham["published_precision"] == "not_known"
    assert durham["published_label"] == "date not known"
    assert durham["areas_graded"] == 10
    assert {c["grade"]: c["count"] for c in durham["grade_counts"]} == {
        "outstanding": 1,
        "good": 2,
        "adequate": 5,
        "requires_improvement": 2,
        "inadequate": 0,
    }
    assert durham["judgments"] == []


@pytest.mark.django_db
def test_a_force_page_says_no_grade_is_known_in_the_middle_of_its_sentence(client):
    text = " ".join(client.get("/forces/kent/").text.split())
    assert "Grade profile: no grade known; 0 of 8 areas known." in text
