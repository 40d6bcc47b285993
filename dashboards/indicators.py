"""Indicator arithmetic: pure functions of plain values, tested against hand calculations."""

import datetime
import math
import statistics
from collections.abc import Iterable, Mapping

Z_95 = 1.959963984540054  # two-sided 95% normal quantile


def wilson_interval(numerator: int, denominator: int, z: float = Z_95) -> tuple[float, float]:
    """Return the Wilson score interval of a proportion (e.g. 25 of 48 → 0.383 to 0.655)."""
    if denominator <= 0:
        raise ValueError("A rate needs at least one case file.")
    if not 0 <= numerator <= denominator:
        raise ValueError("The numerator must lie between 0 and the denominator.")
    p = numerator / denominator
    z2 = z * z
    centre = (p + z2 / (2 * denominator)) / (1 + z2 / denominator)
    half = (z / (1 + z2 / denominator)) * math.sqrt(
        p * (1 - p) / denominator + z2 / (4 * denominator * denominator)
    )
    return max(0.0, centre - half), min(1.0, centre + half)


def pooled_rate(pairs: Iterable[tuple[int, int]]) -> tuple[int, int, float] | None:
    """Pool (numerator, denominator) pairs into one rate; None when nothing was counted."""
    numerator = denominator = 0
    for n, d in pairs:
        numerator += n
        denominator += d
    if denominator == 0:
        return None
    return numerator, denominator, numerator / denominator


def compare_with_national(
    ci_low: float, ci_high: float, national_rate: float | None, polarity: str
) -> str:
    """Say whether a force's interval lies wholly above or below the national rate.

    The comparison public-health dashboards use: significant when the 95% interval excludes
    the national value. Polarity says whether a higher share is worse, better, or neither;
    with no judgement the answer is only 'higher' or 'lower'.
    """
    if national_rate is None:
        return "not_compared"
    if ci_low > national_rate:
        return judged("higher", polarity)
    if ci_high < national_rate:
        return judged("lower", polarity)
    return "similar"


def judged(direction: str, polarity: str) -> str:
    """A significantly 'higher' or 'lower' rate as 'worse' or 'better', where the polarity says
    which way is good; with no judgement ('neither'), the direction itself."""
    judgements = {"worse": ("worse", "better"), "better": ("better", "worse")}
    if polarity not in judgements:
        return direction
    higher, lower = judgements[polarity]
    return higher if direction == "higher" else lower


def national_comparison_holds(forces: int, *, min_forces: int) -> bool:
    """Whether enough forces are pooled for a national rate to mean more than their own."""
    return forces >= max(min_forces, 1)


def grade_profile(counts: Mapping[str, int], order: Iterable[str]) -> list[tuple[str, int]]:
    """A force's grades as (grade, how many areas got it), in the scale's order, zeros left out."""
    return [(grade, counts[grade]) for grade in order if counts.get(grade)]


def by_grade(score: float | None, name: str) -> tuple:
    """A sort key putting forces in grade order, best first, 'not known' last, then by name.

    An order, not a rank: forces with the same grade are equal and listed alphabetically.
    """
    return (score is None, -(score or 0), name)


def median(values: Iterable[float]) -> float | None:
    """The median, or None when there is nothing to take it of."""
    values = list(values)
    return float(statistics.median(values)) if values else None


def median_of_counts(counts: Mapping[int, int]) -> float | None:
    """The median of values given as how many times each occurs, or None when there are
    none: the same as median() of the values written out."""
    total = sum(counts.values())
    if not total:
        return None
    middle, seen = [], 0
    for value, count in sorted(counts.items()):
        seen += count
        while len(middle) < 2 and seen > ((total - 1) // 2, total // 2)[len(middle)]:
            middle.append(value)
        if len(middle) == 2:
            break
    return (middle[0] + middle[1]) / 2


def action_plan_status(
    due: datetime.date | None, submitted: datetime.date | None, today: datetime.date
) -> str:
    """Whether an inspection's action plan is submitted, still due, or overdue."""
    if submitted is not None:
        return "submitted"
    if due is None:
        return "none"
    return "overdue" if today > due else "due"


def merged_grade_counts(counted: Mapping[str, int], named: Mapping[str, int]) -> dict[str, int]:
    """A report's grade counts (how many areas got each grade, which a source gives without
    saying which areas) completed by the grades named area by area, where no count is given.

    Named grades never exceed a given count (the loaders refuse data where they would).
    """
    return {**named, **counted}


def grade_profile_order(counts: Mapping[str, int], not_known: int, grades: list[str]) -> tuple:
    """Sort key of a grade profile: wholly known profiles first, then by how many areas got
    the best grade, the next best and so on; profiles with areas not known last, the more
    unknown the later. An order for reading, not a rank: equal profiles are not told apart."""
    return (not_known > 0, not_known, *(-counts.get(grade, 0) for grade in grades))
