"""Indicator rows against hand calculations, as of 1 October 2025.

Only this file's test forces are published: the real inspections are turned into drafts first.
Grade scores: outstanding 5, good 4, adequate 3, requires improvement 2, inadequate 1.
"""

import datetime
from types import SimpleNamespace

import pytest

from dashboards.models import GradeIndicator, MeasureIndicator, StatisticIndicator, ThemeIndicator
from dashboards.services import recompute_all_indicators, recompute_force_indicators
from findings.models import Finding, Measure, Theme
from inspections.models import Inspection
from recommendations.models import FollowUpDuty
from tests.factories import (
    CaseFileStatisticFactory,
    FindingFactory,
    ForceFactory,
    InspectionFactory,
    JudgmentFactory,
    ProgressUpdateFactory,
    RecommendationFactory,
    area,
    grade,
    ncpi,
    peel,
)

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2025, 10, 1)


def _inspection(force, published, grades, programme=None, **fields):
    programme = programme or ncpi()
    inspection = InspectionFactory(force=force, published=published, programme=programme, **fields)
    for slug, name in grades.items():
        JudgmentFactory(inspection=inspection, area=area(slug, programme), grade=grade(name))
    return inspection


def _recommendation(inspection, area_slug, status="awaiting_review", due=None, updates=()):
    finding = FindingFactory(inspection=inspection, area=area(area_slug))
    recommendation = RecommendationFactory(
        finding=finding, verification_status=status, due_date=due
    )
    for when, verification in updates:
        ProgressUpdateFactory(
            recommendation=recommendation, effective_on=when, verification_status=verification
        )


def _statistic(inspection, n, d, measure):
    CaseFileStatisticFactory(inspection=inspection, numerator=n, denominator=d, measure=measure)


def _duty(inspection, due, done=None, kind=FollowUpDuty.Kind.ACTION_PLAN):
    FollowUpDuty.objects.create(inspection=inspection, kind=kind, due_date=due, submitted_on=done)


@pytest.fixture
def world(db):
    """Forces A to F; A2, B1, C1, D1 and E1 are the latest published ncpi inspections."""
    Inspection.objects.update(status=Inspection.Status.DRAFT)
    worse = Measure.objects.get(slug="voice_of_the_child_absent")
    better = Measure.objects.get(slug="return_home_interviews_recorded")
    a, b, c, d, e, f = (ForceFactory() for _ in range(6))

    _inspection(a, D(2023, 3, 1), {"leadership": "good", "partnership": "adequate"})
    _inspection(a, D(2024, 6, 1), {"leadership_and_force_management": "good"}, programme=peel())
    grades = {"leadership": "outstanding", "partnership": "requires_improvement"}
    grades["initial_response"] = "good"
    a2 = _inspection(a, D(2025, 3, 14), grades, action_plan_due=D(2025, 5, 9))
    _duty(a2, D(2025, 5, 9))
    _duty(a2, D(2025, 5, 9), D(2025, 5, 1), kind=FollowUpDuty.Kind.PCC_RESPONSE)
    _recommendation(a2, "leadership", due=D(2025, 9, 1))  # open, overdue
    _recommendation(a2, "leadership", due=D(2025, 12, 1))  # open
    _recommendation(a2, "partnership", "not_met", due=D(2025, 6, 1))  # open, overdue
    # first met 13 May: 17 + 30 + 13 = 60 days after 14 March
    updates = [(D(2025, 7, 1), "met"), (D(2025, 4, 1), ""), (D(2025, 5, 13), "met")]
    _recommendation(a2, "leadership", "met", due=D(2025, 6, 1), updates=updates)
    _recommendation(a2, "partnership", "met", updates=[(D(2025, 6, 12), "met")])  # 90 days
    _recommendation(a2, "partnership", "superseded", due=D(2025, 1, 1))  # closed
    _recommendation(a2, "partnership")  # open, no due date
    _statistic(a2, 25, 48, worse)
    _statistic(a2, 3, 10, None)
    a3 = _inspection(a, D(2025, 9, 1), {"leadership": "inadequate"}, status="draft")
    _recommendation(a3, "leadership", "met", updates=[(D(2025, 9, 5), "met")])
    _statistic(a3, 40, 40, worse)

    grades = {"leadership": "good", "partnership": "good", "initial_response": "adequate"}
    b1 = _inspection(b, D(2025, 1, 10), grades, action_plan_due=D(2025, 3, 7))
    _recommendation(b1, "leadership", "met", updates=[(D(2025, 2, 9), "met")])  # 30 days
    _recommendation(  # met once, then found not met: not a met recommendation
        b1, "leadership", "not_met", updates=[(D(2025, 1, 20), "met"), (D(2025, 3, 1), "not_met")]
    )
    _statistic(b1, 6, 6, worse)
    c1 = _inspection(c, D(2025, 2, 1), {"leadership": "outstanding", "partnership": "outstanding"})
    _duty(c1, D(2025, 9, 1), D(2025, 8, 20))
    _statistic(c1, 0, 6, worse)
    d1 = _inspection(d, D(2025, 4, 1), {"leadership": "inadequate"})
    _duty(d1, D(2025, 11, 1))
    _statistic(d1, 2, 20, better)
    e1 = _inspection(e, D(2025, 5, 1), {})
    _statistic(e1, 18, 20, better)
    embargo = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    f1 = _inspection(f, None, {"leadership": "good"}, status="scheduled", embargo_at=embargo)
    _statistic(f1, 5, 5, better)
    _inspection(f, D(2025, 8, 1), {"leadership": "outstanding"}, status="draft")

    recompute_all_indicators(today=TODAY)
    return SimpleNamespace(a=a, b=b, c=c, d=d, e=e, f=f, a2=a2, e1=e1, worse=worse, better=better)


def _row(force=None, area_slug=None, programme=None):
    programme = programme or ncpi()
    where = area(area_slug, programme) if area_slug else None
    return GradeIndicator.objects.get(programme=programme, force=force, area=where)


def _statistic_row(force, numerator, denominator):
    return StatisticIndicator.objects.get(
        force=force, statistic__numerator=numerator, statistic__denominator=denominator
    )


def test_a_force_row_summarises_its_latest_published_inspection(world):
    row = _row(world.a)
    assert row.inspection == world.a2
    assert row.grade is None
    # the grade profile: how many areas got each grade, of how many the programme has
    assert row.grade_counts == {"outstanding": 1, "requires_improvement": 1, "good": 1}
    assert row.areas_total == 5
    # no mean grade and no change in it: an average over partly known areas is not a grade
    assert (row.grade_score, row.grade_change) == (None, None)
    assert row.recommendations_entered is True


def test_an_inspection_known_only_by_its_grades_has_its_recommendations_not_entered(world):
    # C's inspection has grades but no finding or recommendation was entered
    assert _row(world.c).recommendations_entered is False
    assert _row(world.c).recommendations_open == 0  # stored, but pages must not show it
    assert _row().recommendations_entered is True  # the nation: some forces' were entered


def test_area_rows_give_each_areas_grade_and_its_change(world):
    leadership = _row(world.a, "leadership")
    assert (leadership.grade.slug, leadership.previous_grade.slug) == ("outstanding", "good")
    assert (leadership.grade_score, leadership.grade_change) == (5, 1)  # 5 − 4
    assert leadership.grade_counts == {"outstanding": 1}
    partnership = _row(world.a, "partnership")
    assert (partnership.grade_score, partnership.grade_change) == (2, -1)  # 2 − 3
    initial = _row(world.a, "initial_response")
    assert (initial.grade_score, initial.previous_grade, initial.grade_change) == (4, None, None)
    ungraded = _row(world.a, "investigation")
    assert (ungraded.grade, ungraded.grade_score, ungraded.grade_counts) == (None, None, {})
    assert GradeIndicator.objects.filter(force=world.a, programme=ncpi()).count() == 1 + 5


def test_no_row_carries_a_rank_or_a_mean_grade(world):
    names = {f.name for f in GradeIndicator._meta.get_fields()}
    assert not names & {"rank", "ranked_of"}
    summaries = GradeIndicator.objects.filter(area__isnull=True)
    assert summaries.exists()
    assert not summaries.exclude(grade_score=None).exists()


def test_recommendations_are_counted_by_verification_status_and_due_date(world):
    counts = ("recommendations_open", "recommendations_overdue", "recommendations_met")
    counts += ("recommendations_not_met", "median_days_to_met")

    def values(row):
        return tuple(getattr(row, name) for name in counts)

    # open: two awaiting review with a date, one without, one not met; overdue: due
    # 1 September and 1 June; met: 60 and 90 days → median (60 + 90) / 2 = 75
    assert values(_row(world.a)) == (4, 2, 2, 1, 75.0)
    assert values(_row(world.a, "leadership")) == (2, 1, 1, 0, 60.0)
    assert values(_row(world.a, "partnership")) == (2, 1, 1, 1, 90.0)
    assert values(_row(world.a, "investigation")) == (0, 0, 0, 0, None)
    # B: one met after 30 days; the other was met once but is now not met
    assert values(_row(world.b)) == (1, 0, 1, 1, 30.0)

    recompute_force_indicators(force=world.a, today=D(2025, 9, 1))
    assert _row(world.a).recommendations_overdue == 1  # due today is not yet overdue


def test_the_action_plan_status_comes_from_the_action_plan_duty(world):
    def plan(force):
        row = _row(force)
        return row.action_plan_due, row.action_plan_submitted, row.action_plan_status

    assert plan(world.a) == (D(2025, 5, 9), None, "overdue")  # the PCC response is not it
    assert plan(world.c) == (D(2025, 9, 1), D(2025, 8, 20), "submitted")
    assert plan(world.d) == (D(2025, 11, 1), None, "due")
    assert plan(world.b) == (D(2025, 3, 7), None, "none")  # no duty recorded: no guess


def test_national_rows_sum_the_forces_and_pool_every_met_recommendation(world):
    nation = _row()
    # outstanding A, C, C; good A, B, B; requires improvement A; adequate B; inadequate D
    counts = dict(outstanding=3, good=3, requires_improvement=1, adequate=1, inadequate=1)
    assert nation.grade_counts == counts
    assert (nation.grade_score, nation.areas_total) == (None, 5)
    # open A 4 + B 1; overdue A 2; met A 2 + B 1; not met A 1 + B 1
    assert (nation.recommendations_open, nation.recommendations_overdue) == (5, 2)
    assert (nation.recommendations_met, nation.recommendations_not_met) == (3, 2)
    # the median of all met recommendations (30, 60, 90), not of the forces' medians (75, 30)
    assert nation.median_days_to_met == 60.0
    leadership = _row(area_slug="leadership")
    assert leadership.grade_counts == {"outstanding": 2, "good": 1, "inadequate": 1}
    assert leadership.grade_score is None
    assert leadership.recommendations_open == 3  # A 2, B 1
    assert leadership.median_days_to_met == 45.0  # (30 + 60) / 2
    assert _row(area_slug="partnership").median_days_to_met == 90.0


def test_drafts_and_unpublished_inspections_are_left_out(world):
    # A's 2025 draft (inadequate, one more met recommendation) changes nothing
    assert _row(world.a, "leadership").grade.slug == "outstanding"
    assert _row(world.a).recommendations_met == 2
    # F has only a scheduled inspection and a draft
    assert not GradeIndicator.objects.filter(force=world.f).exists()
    assert not StatisticIndicator.objects.filter(force=world.f).exists()
    # the real PEEL inspections are drafts now
    assert _row(programme=peel()).grade_counts == {"good": 1}

    Inspection.objects.filter(pk=world.e1.pk).update(status=Inspection.Status.DRAFT)
    recompute_force_indicators(force=world.e, today=TODAY)
    assert not GradeIndicator.objects.filter(force=world.e).exists()
    pool = MeasureIndicator.objects.get(measure=world.better)
    assert (pool.forces, pool.numerator, pool.denominator, pool.rate) == (1, 2, 20, None)
    assert _statistic_row(world.d, 2, 20).comparison == "not_compared"  # D's own rate


def test_each_statistic_gets_its_rate_and_wilson_interval(world):
    row = _statistic_row(world.a, 25, 48)
    # see test_indicators: 25/48 = 0.520833, 0.383293 to 0.655287
    expected = (0.520833, 0.383293, 0.655287)
    assert (row.rate, row.ci_low, row.ci_high) == pytest.approx(expected, abs=1e-6)
    unmeasured = _statistic_row(world.a, 3, 10)
    assert (unmeasured.national_rate, unmeasured.comparison) == (None, "not_compared")


def test_a_measure_pools_its_published_statistics_and_compares_every_force(world, settings):
    settings.NATIONAL_COMPARISON_MIN_FORCES = 2
    recompute_all_indicators(today=TODAY)
    pool = MeasureIndicator.objects.get(measure=world.worse)
    # (25 + 6 + 0) / (48 + 6 + 6) = 31/60 = 0.516667; the draft's 40 of 40 is left out.
    # Wilson: centre (0.516667 + 0.032012) / 1.064024 = 0.515664, half 0.122586
    assert (pool.numerator, pool.denominator, pool.inspections, pool.forces) == (31, 60, 3, 3)
    expected = (0.516667, 0.393078, 0.638250)
    assert (pool.rate, pool.ci_low, pool.ci_high) == pytest.approx(expected, abs=1e-6)
    pooled = set(MeasureIndicator.objects.values_list("measure", flat=True))
    assert pooled == {world.worse.pk, world.better.pk}  # measures only drafts had: none
    # a higher share is worse: A 0.383–0.655 holds 0.517; B 0.610–1 above; C 0–0.390 below
    assert _statistic_row(world.a, 25, 48).comparison == "similar"
    assert _statistic_row(world.b, 6, 6).comparison == "worse"
    assert _statistic_row(world.c, 0, 6).comparison == "better"
    assert _statistic_row(world.b, 6, 6).national_rate == pytest.approx(31 / 60)
    # a higher share is better, pooled 20/40 = 0.5: D 0.028–0.301 below; E 0.699–0.972 above
    assert _statistic_row(world.d, 2, 20).comparison == "worse"
    assert _statistic_row(world.e, 18, 20).comparison == "better"


def test_two_forces_give_no_national_rate_and_no_comparison(world):
    # the 'better' measure has only D and E: by default three forces are needed
    pool = MeasureIndicator.objects.get(measure=world.better)
    assert (pool.forces, pool.denominator) == (2, 40)
    assert (pool.rate, pool.ci_low, pool.ci_high) == (None, None, None)
    for row in (_statistic_row(world.d, 2, 20), _statistic_row(world.e, 18, 20)):
        assert (row.national_rate, row.comparison) == (None, "not_compared")
    # the 'worse' measure has A, B and C: three forces, so it is compared
    assert MeasureIndicator.objects.get(measure=world.worse).forces == 3
    assert _statistic_row(world.b, 6, 6).comparison == "worse"


def test_a_third_force_brings_the_national_comparison(world):
    e2 = InspectionFactory(force=world.f, published=D(2025, 2, 1))
    _statistic(e2, 10, 20, world.better)
    recompute_force_indicators(force=world.f, today=TODAY)
    pool = MeasureIndicator.objects.get(measure=world.better)
    assert (pool.forces, pool.numerator, pool.denominator) == (3, 30, 60)
    assert pool.rate == pytest.approx(0.5)
    # D 0.028–0.301 lies below 0.5 and a higher share is better: worse; recompared though
    # D was not recomputed
    assert _statistic_row(world.d, 2, 20).comparison == "worse"
    assert _statistic_row(world.e, 18, 20).comparison == "better"


def test_a_measure_with_no_judgement_is_only_higher_or_lower(world, settings):
    settings.NATIONAL_COMPARISON_MIN_FORCES = 2
    Measure.objects.filter(pk=world.better.pk).update(polarity="neither")
    recompute_all_indicators(today=TODAY)
    assert _statistic_row(world.d, 2, 20).comparison == "lower"
    assert _statistic_row(world.e, 18, 20).comparison == "higher"


def test_recomputing_one_force_recompares_the_forces_not_recomputed(world):
    _statistic(world.a2, 0, 200, world.worse)
    recompute_force_indicators(force=world.a, today=TODAY)
    # pooled 31 / 260 = 0.119231 from the same three inspections
    pool = MeasureIndicator.objects.get(measure=world.worse)
    assert (pool.numerator, pool.denominator, pool.inspections) == (31, 260, 3)
    b, c = _statistic_row(world.b, 6, 6), _statistic_row(world.c, 0, 6)
    assert b.national_rate == c.national_rate == pytest.approx(31 / 260)
    assert b.comparison == "worse"  # 0.610 > 0.119
    assert c.comparison == "similar"  # 0–0.390 now holds 0.119 (was better)
    assert _statistic_row(world.a, 25, 48).comparison == "worse"  # 0.383 > 0.119
    assert _statistic_row(world.a, 0, 200).comparison == "better"  # 0.0188 < 0.119
    # the other measure has two forces: still not compared
    assert _statistic_row(world.e, 18, 20).comparison == "not_compared"


def _indicator_rows() -> dict:
    """Every indicator row by scope, without ids and computation times."""

    def by(model, *key):
        names = [f.attname for f in model._meta.concrete_fields]
        rows = list(model.objects.values(*(n for n in names if n not in ("id", "computed_at"))))
        keyed = {tuple(r.pop(k) for k in key): r for r in rows}
        assert len(keyed) == len(rows), f"duplicate {model.__name__} rows"
        return keyed

    return {
        "grades": by(GradeIndicator, "programme_id", "force_id", "area_id"),
        "statistics": by(StatisticIndicator, "statistic_id"),
        "measures": by(MeasureIndicator, "measure_id"),
        "themes": by(ThemeIndicator, "programme_id", "theme_id", "force_id", "area_id"),
    }


def test_recomputing_a_force_twice_gives_identical_rows(world):
    recompute_force_indicators(force=world.a, today=TODAY)
    once = _indicator_rows()
    recompute_force_indicators(force=world.a, today=TODAY)
    assert _indicator_rows() == once


def test_recomputing_a_force_after_everything_changes_nothing(world):
    everything = _indicator_rows()  # the fixture ran recompute_all_indicators
    assert len(everything["grades"]) == 5 * 6 + 1 * 10 + 6 + 10  # force rows, then nation
    for force in (world.a, world.b, world.e):
        recompute_force_indicators(force=force, today=TODAY)
    assert _indicator_rows() == everything


def test_theme_counts_are_kept_per_force_and_area_and_added_up_nationally(world):
    missing, training = Theme.objects.order_by("pk")[:2]
    b1 = Inspection.objects.get(force=world.b)
    FindingFactory(inspection=world.a2, area=area("leadership")).themes.set([missing, training])
    FindingFactory(inspection=world.a2, area=area("partnership")).themes.set([missing])
    FindingFactory(inspection=b1, area=area("leadership")).themes.set([missing])
    afi = FindingFactory(inspection=b1, kind=Finding.Kind.AREA_FOR_IMPROVEMENT)
    afi.themes.set([training])  # not a cause of concern: not counted
    recompute_force_indicators(force=world.a, today=TODAY)
    recompute_force_indicators(force=world.b, today=TODAY)

    counts = {
        (row.theme_id, row.force_id, row.area_id): (row.causes_of_concern, row.forces)
        for row in ThemeIndicator.objects.filter(programme=ncpi())
    }
    leadership, partnership = area("leadership").pk, area("partnership").pk
    assert counts == {
        (missing.pk, None, None): (3, 2),
        (training.pk, None, None): (1, 1),
        (missing.pk, world.a.pk, leadership): (1, 1),
        (missing.pk, world.a.pk, partnership): (1, 1),
        (training.pk, world.a.pk, leadership): (1, 1),
        (missing.pk, world.b.pk, leadership): (1, 1),
    }
    themes = _indicator_rows()["themes"]
    recompute_all_indicators(today=TODAY)
    assert _indicator_rows()["themes"] == themes


def test_recomputing_one_force_moves_the_national_median_as_a_full_recompute_would(world):
    b1 = Inspection.objects.get(force=world.b)
    _recommendation(b1, "partnership", "met", updates=[(D(2025, 4, 10), "met")])  # 90 days
    recompute_force_indicators(force=world.b, today=TODAY)
    one = _indicator_rows()
    # Nation: 60 and 90 (A), 30 and now 90 (B); leadership 30, 60; partnership 90, 90.
    assert _row().median_days_to_met == 75.0
    assert _row(area_slug="partnership").median_days_to_met == 90.0
    recompute_all_indicators(today=TODAY)
    assert _indicator_rows() == one


def test_national_days_not_kept_yet_are_counted_from_every_force(world):
    everything = _indicator_rows()
    GradeIndicator.objects.filter(force__isnull=True).update(days_to_met_counts=None)
    recompute_force_indicators(force=world.a, today=TODAY)
    assert _indicator_rows() == everything


def test_recomputing_a_force_rewrites_only_the_statistic_rows_that_changed(world):
    rows = dict(StatisticIndicator.objects.filter(force=world.a).values_list("statistic", "pk"))
    changed = world.a2.statistics.get(numerator=3)
    changed.numerator = 4
    changed.save()
    recompute_force_indicators(force=world.a, today=TODAY)

    after = dict(StatisticIndicator.objects.filter(force=world.a).values_list("statistic", "pk"))
    assert after.keys() == rows.keys()
    assert [s for s in rows if after[s] != rows[s]] == [changed.pk]
    assert StatisticIndicator.objects.get(statistic=changed).rate == pytest.approx(0.4)
