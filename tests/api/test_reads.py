"""Each read endpoint lists what it should and narrows it by its filters."""

import pytest

from tests.api.builders import every_result

pytestmark = pytest.mark.django_db


def _slugs(results, key="slug"):
    return {row[key] for row in results}


def test_forces_are_listed_and_filtered_by_region(api, world):
    assert len(every_result(api, "/api/forces/?page_size=200")) >= 45  # 43 and two of ours
    north_west = _slugs(every_result(api, "/api/forces/?region=north+west"))
    assert world.force_a.slug in north_west and world.force_b.slug not in north_west
    force = api.get(f"/api/forces/{world.force_a.slug}/").json()
    assert force["name"] == world.force_a.name and force["region"] == "North West"


def test_programmes_come_with_their_areas_and_grade_scale(api, db):
    programmes = {p["slug"]: p for p in every_result(api, "/api/programmes/")}
    ncpi = programmes["ncpi"]
    assert [a["slug"] for a in ncpi["areas"]][0] == "leadership"
    assert len(ncpi["areas"]) == 5
    assert [g["slug"] for g in ncpi["scale"]["grades"]] == [
        "outstanding",
        "good",
        "adequate",
        "requires_improvement",
        "inadequate",
    ]
    assert api.get("/api/programmes/peel-2023-25/").json()["scale"]["slug"] == "five-point"
    assert _slugs(every_result(api, "/api/programmes/?scale=five-point")) >= {"ncpi"}
    assert every_result(api, "/api/programmes/?scale=nothing") == []


def test_inspections_filter_by_force_programme_status_region_and_published_range(
    api, world, inspector
):
    a, b = world.published_a.inspection, world.published_b.inspection
    assert _slugs(every_result(api, f"/api/inspections/?force={world.force_a.slug}")) == {a.slug}
    by_programme = _slugs(every_result(api, "/api/inspections/?programme=ncpi&page_size=200"))
    assert {a.slug, b.slug} <= by_programme
    assert every_result(api, f"/api/inspections/?force={b.force.slug}&programme=peel-2023-25") == []
    assert a.slug in _slugs(every_result(api, "/api/inspections/?region=North+West"))
    assert b.slug not in _slugs(every_result(api, "/api/inspections/?region=North+West"))
    in_2024 = _slugs(
        every_result(
            api, "/api/inspections/?published_after=2024-01-01&published_before=2024-12-31"
        )
    )
    assert a.slug in in_2024 and b.slug not in in_2024
    api.force_authenticate(inspector)
    drafts = _slugs(every_result(api, "/api/inspections/?status=draft"))
    assert drafts >= {world.draft_a.inspection.slug, world.draft_b.inspection.slug}
    assert a.slug not in drafts


def test_an_inspection_comes_with_its_judgments(api, world):
    inspection = api.get(f"/api/inspections/{world.published_a.inspection.slug}/").json()
    assert inspection["force"] == world.force_a.slug
    assert inspection["published"] == "2024-05-01"
    assert inspection["judgments"] == [
        {"area": "leadership", "grade": "good", "grade_name": "Good", "summary": ""}
    ]


def test_invalid_filter_values_are_a_400_naming_the_filter(api, db):
    response = api.get("/api/inspections/?published_after=yesterday&status=archived")
    assert response.status_code == 400
    assert {"published", "status"} <= set(response.json())


def test_judgments_filter_by_grade_area_and_force(api, world, gloucestershire):
    good = every_result(api, "/api/judgments/?grade=good&page_size=200")
    assert {world.published_a.inspection.slug, world.published_b.inspection.slug} <= _slugs(
        good, "inspection"
    )
    assert {j["grade"] for j in good} == {"good"}
    glos = every_result(api, "/api/judgments/?force=gloucestershire&area=leadership")
    assert [(j["inspection"], j["grade"]) for j in glos] == [(gloucestershire.slug, "inadequate")]
    assert glos[0]["area_name"] == "Leadership of child protection arrangements"
    mine = every_result(api, f"/api/judgments/?force={world.force_b.slug}")
    assert [(j["grade"], j["grade_score"], j["programme"]) for j in mine] == [("good", 4, "ncpi")]


def test_findings_come_with_their_themes_and_filter_by_kind_theme_and_force(
    api, world, gloucestershire
):
    mine = every_result(api, f"/api/findings/?force={world.force_a.slug}")
    assert [f["id"] for f in mine] == [world.published_a.finding_id]
    assert mine[0]["themes"] == [{"slug": "api-supervision", "name": "API supervision"}]
    by_theme = every_result(api, "/api/findings/?theme=api-supervision")
    assert {f["id"] for f in by_theme} == {
        world.published_a.finding_id,
        world.published_b.finding_id,
    }
    causes = every_result(
        api, f"/api/findings/?inspection={gloucestershire.slug}&kind=cause_of_concern"
    )
    assert len(causes) == 3
    case_studies = every_result(api, "/api/findings/?force=gloucestershire&kind=case_study")
    assert len(case_studies) == 5 and {c["outcome"] for c in case_studies} <= {"good", "poor"}
    detail = api.get(f"/api/findings/{world.published_b.finding_id}/").json()
    assert detail["inspection"] == world.published_b.inspection.slug


def test_statistics_filter_by_measure_and_force(api, world, gloucestershire):
    by_measure = every_result(api, "/api/statistics/?measure=api-child-not-seen")
    assert {s["id"] for s in by_measure} == {
        world.published_a.statistic_id,
        world.published_b.statistic_id,
    }
    assert by_measure[0]["numerator"] == 25 and by_measure[0]["rate"] == pytest.approx(25 / 48)
    mine = every_result(
        api, f"/api/statistics/?force={world.force_b.slug}&measure=api-child-not-seen"
    )
    assert [s["id"] for s in mine] == [world.published_b.statistic_id]
    assert len(every_result(api, f"/api/statistics/?inspection={gloucestershire.slug}")) == 22


def test_other_figures_filter_by_kind_and_force(api, world, gloucestershire):
    mine = every_result(api, f"/api/other-figures/?force={world.force_a.slug}")
    assert [(f["id"], f["kind"], f["value"]) for f in mine] == [
        (world.published_a.figure_id, "count", 12)
    ]
    fte = every_result(api, "/api/other-figures/?force=gloucestershire&kind=fte")
    assert fte and all(f["establishment"] is not None for f in fte)


def test_themes_and_measures_are_listed(api, world):
    assert "api-supervision" in _slugs(every_result(api, "/api/themes/?page_size=200"))
    measures = every_result(api, "/api/measures/?slug=api-child-not-seen")
    assert measures == [
        {"slug": "api-child-not-seen", "name": "API child not seen", "polarity": "worse"}
    ]
