"""The synthetic scales: each is the one below it, only with more of everything."""

import dataclasses

from dashboards.demo_data import SCALES


def test_xlarge_is_large_with_ten_times_the_inspections_of_each_force():
    large, xlarge = SCALES["large"], SCALES["xlarge"]
    assert xlarge.inspections_per_force == 10 * large.inspections_per_force
    # everything per inspection as in large, so every table grows tenfold
    assert dataclasses.replace(xlarge, inspections_per_force=large.inspections_per_force) == large
