"""Indicator arithmetic against hand calculations; no database.

Wilson interval, with z = 1.959964 (z² = 3.841459):
    centre = (p + z²/2n) / (1 + z²/n)
    half   = z / (1 + z²/n) · √(p(1 − p)/n + z²/4n²)
"""

import datetime

import pytest

from dashboards.indicators import (
    action_plan_status,
    by_grade,
    compare_with_national,
    grade_profile,
    median,
    national_comparison_holds,
    pooled_rate,
    wilson_interval,
)

D = datetime.date


def test_wilson_interval_of_25_in_48_is_0383_to_0655():
    # p = 25/48 = 0.520833; z²/n = 0.080030; 1 + z²/n = 1.080030
    # centre = (0.520833 + 0.040015) / 1.080030 = 0.519290
    # half = 1.814731 · √(0.520833 · 0.479167 / 48 + 3.841459 / 9216)
    #      = 1.814731 · √(0.0051993 + 0.0004168) = 1.814731 · 0.0749408 = 0.135997
    # interval = 0.519290 ∓ 0.135997 = 0.383293 to 0.655287
    low, high = wilson_interval(25, 48)
    assert 25 / 48 == pytest.approx(0.521, abs=5e-4)
    assert (round(low, 3), round(high, 3)) == (0.383, 0.655)
    assert (low, high) == (pytest.approx(0.383293, abs=1e-6), pytest.approx(0.655287, abs=1e-6))


def test_wilson_interval_of_none_in_6_starts_at_zero():
    # p = 0; z²/n = 0.640243; centre = (0 + 0.320122) / 1.640243 = 0.195167
    # half = (1.959964 / 1.640243) · √(0 + 3.841459 / 144) = 1.194922 · 0.163331 = 0.195167
    # interval = 0 to 0.390334: the lower end is 0, never negative
    low, high = wilson_interval(0, 6)
    assert low == pytest.approx(0.0, abs=1e-12)
    assert low >= 0.0
    assert high == pytest.approx(0.390334, abs=1e-6)


def test_wilson_interval_of_6_in_6_ends_at_one():
    # p = 1: the mirror image of 0 in 6, so 1 − 0.390334 = 0.609666 to 1
    low, high = wilson_interval(6, 6)
    assert low == pytest.approx(0.609666, abs=1e-6)
    assert high == pytest.approx(1.0, abs=1e-12)
    assert high <= 1.0


@pytest.mark.parametrize(
    ("numerator", "denominator"), [(0, 0), (1, 0), (3, -2), (-1, 5), (7, 6)], ids=str
)
def test_wilson_interval_rejects_a_rate_that_cannot_be(numerator, denominator):
    with pytest.raises(ValueError):
        wilson_interval(numerator, denominator)


def test_pooled_rate_adds_numerators_and_denominators():
    # (25 + 6 + 0) / (48 + 6 + 6) = 31 / 60 = 0.516667, not the mean of the three rates
    numerator, denominator, rate = pooled_rate(iter([(25, 48), (6, 6), (0, 6)]))
    assert (numerator, denominator) == (31, 60)
    assert rate == pytest.approx(0.516667, abs=1e-6)


@pytest.mark.parametrize("pairs", [[], [(0, 0)]], ids=["nothing", "no case files"])
def test_pooled_rate_is_none_when_nothing_was_counted(pairs):
    assert pooled_rate(pairs) is None


@pytest.mark.parametrize(
    ("low", "high", "national", "polarity", "expected"),
    [
        # a higher share is worse: an interval wholly above the nation is worse
        (0.61, 1.0, 0.52, "worse", "worse"),
        (0.0, 0.39, 0.52, "worse", "better"),
        (0.38, 0.66, 0.52, "worse", "similar"),
        # a higher share is better: the same intervals read the other way
        (0.61, 1.0, 0.52, "better", "better"),
        (0.0, 0.39, 0.52, "better", "worse"),
        (0.38, 0.66, 0.52, "better", "similar"),
        # an interval that only touches the national rate does not exclude it
        (0.52, 0.70, 0.52, "worse", "similar"),
        (0.30, 0.52, 0.52, "worse", "similar"),
        # no judgement: only higher or lower, never better or worse
        (0.61, 1.0, 0.52, "neither", "higher"),
        (0.0, 0.39, 0.52, "neither", "lower"),
        (0.38, 0.66, 0.52, "neither", "similar"),
    ],
)
def test_compare_with_national_reads_the_interval_by_polarity(
    low, high, national, polarity, expected
):
    assert compare_with_national(low, high, national, polarity) == expected


def test_compare_with_national_without_a_national_rate_is_not_compared():
    assert compare_with_national(0.1, 0.2, None, "worse") == "not_compared"


@pytest.mark.parametrize(
    ("forces", "holds"), [(0, False), (1, False), (2, False), (3, True), (12, True)]
)
def test_a_national_comparison_needs_at_least_three_forces(forces, holds):
    assert national_comparison_holds(forces, min_forces=3) is holds


def test_a_national_comparison_never_holds_on_no_force_whatever_the_setting():
    assert national_comparison_holds(0, min_forces=0) is False


def test_grade_profile_counts_areas_per_grade_in_the_scales_order_without_zeros():
    order = ["outstanding", "good", "adequate", "requires_improvement", "inadequate"]
    counts = {"inadequate": 1, "good": 2, "adequate": 0}
    assert grade_profile(counts, order) == [("good", 2), ("inadequate", 1)]
    assert grade_profile({}, order) == []


def test_forces_in_grade_order_put_the_best_first_ties_by_name_and_not_known_last():
    forces = [("Kent", None), ("Essex", 2), ("Avon", 4), ("Dorset", 4), ("Cleveland", None)]
    ordered = sorted(forces, key=lambda f: by_grade(f[1], f[0]))
    assert [name for name, _ in ordered] == ["Avon", "Dorset", "Essex", "Cleveland", "Kent"]


def test_median_takes_the_middle_of_an_odd_count_of_days():
    # 14 Mar → 13 May = 17 + 30 + 13 = 60 days; 14 Mar → 12 Jun = 90; 10 Jan → 9 Feb = 30
    days = [(D(2025, 5, 13) - D(2025, 3, 14)).days, 90, 30]
    assert days[0] == 60
    assert median(iter(days)) == 60.0  # the middle of 30, 60, 90


def test_median_averages_the_middle_two_of_an_even_count():
    # 60 and 90 days: (60 + 90) / 2 = 75
    result = median([90, 60])
    assert result == 75.0
    assert isinstance(result, float)


def test_median_of_nothing_is_none():
    assert median([]) is None


@pytest.mark.parametrize(
    ("due", "submitted", "expected"),
    [
        (D(2025, 5, 9), D(2025, 5, 1), "submitted"),
        (D(2025, 5, 9), D(2025, 6, 1), "submitted"),  # late, but in
        (None, D(2025, 6, 1), "submitted"),
        (None, None, "none"),
        (D(2025, 10, 1), None, "due"),  # due today is not yet overdue
        (D(2025, 11, 1), None, "due"),
        (D(2025, 9, 30), None, "overdue"),
    ],
)
def test_action_plan_status_as_of_1_october_2025(due, submitted, expected):
    assert action_plan_status(due, submitted, D(2025, 10, 1)) == expected
