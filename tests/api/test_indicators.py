"""The precomputed indicators, as the recompute leaves them, listed and filtered."""

import pytest

from dashboards.services import recompute_force_indicators
from inspections.models import Force
from tests.api.builders import every_result

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicators(world, gloucestershire):
    for force in (world.force_a, world.force_b, gloucestershire.force):
        recompute_force_indicators(force=force)
    return world


def test_grade_indicators_filter_by_force_area_and_national_rows(api, indicators):
    world = indicators
    rows = every_result(api, f"/api/indicators/grades/?force={world.force_a.slug}")
    assert {(r["area"], r["inspection"]) for r in rows} == {
        (None, world.published_a.inspection.slug),
        ("leadership", world.published_a.inspection.slug),
    } | {(r["area"], r["inspection"]) for r in rows if r["area"] not in (None, "leadership")}
    leadership = every_result(
        api, f"/api/indicators/grades/?force={world.force_a.slug}&area=leadership"
    )
    assert [(r["grade"], r["programme"]) for r in leadership] == [("good", "ncpi")]
    summary = every_result(
        api, f"/api/indicators/grades/?force={world.force_a.slug}&all_areas=true"
    )
    assert [r["recommendations_overdue"] for r in summary] == [1]
    national = every_result(
        api, "/api/indicators/grades/?national=true&programme=ncpi&all_areas=true"
    )
    assert len(national) == 1 and national[0]["force"] is None
    assert national[0]["forces_inspected"] >= 3
    good = every_result(api, "/api/indicators/grades/?grade=good&area=leadership&page_size=200")
    assert {r["force"] for r in good} >= {world.force_a.slug, world.force_b.slug}


def test_statistic_indicators_filter_by_measure_and_force(api, indicators):
    world = indicators
    rows = every_result(
        api, f"/api/indicators/statistics/?measure=api-child-not-seen&force={world.force_b.slug}"
    )
    assert [r["statistic"] for r in rows] == [world.published_b.statistic_id]
    assert rows[0]["ci_low"] < rows[0]["rate"] < rows[0]["ci_high"]
    # the count behind the rate, and the pool: two forces are too few for a national rate
    assert rows[0]["rate"] == pytest.approx(rows[0]["numerator"] / rows[0]["denominator"])
    assert (rows[0]["national_forces"], rows[0]["national_case_files"]) == (2, 96)
    assert (rows[0]["national_rate"], rows[0]["comparison"]) == (None, "not_compared")
    glos = every_result(api, "/api/indicators/statistics/?force=gloucestershire")
    assert len(glos) == 22


def test_measure_and_theme_indicators(api, indicators):
    measures = every_result(api, "/api/indicators/measures/?measure=api-child-not-seen")
    assert [(m["numerator"], m["denominator"], m["inspections"]) for m in measures] == [(50, 96, 2)]
    assert (measures[0]["forces"], measures[0]["rate"], measures[0]["ci_low"]) == (2, None, None)
    themes = every_result(api, "/api/indicators/themes/?programme=ncpi&theme=api-supervision")
    assert [(t["causes_of_concern"], t["forces"]) for t in themes] == [(2, 2)]


def test_with_enough_forces_the_api_gives_the_national_rate_and_its_pool(api, indicators, settings):
    settings.NATIONAL_COMPARISON_MIN_FORCES = 2
    recompute_force_indicators(force=indicators.force_b)
    rows = every_result(
        api,
        f"/api/indicators/statistics/?measure=api-child-not-seen&force={indicators.force_b.slug}",
    )
    assert rows[0]["national_rate"] == pytest.approx(50 / 96)
    assert (rows[0]["national_forces"], rows[0]["national_case_files"]) == (2, 96)
    assert rows[0]["comparison"] != "not_compared"


def test_forces_without_inspections_have_no_rows(api, indicators):
    quiet = Force.objects.exclude(inspections__isnull=False).first()
    assert every_result(api, f"/api/indicators/grades/?force={quiet.slug}") == []
