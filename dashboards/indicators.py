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
    """Say whether a force's interval lies wholly on the worse or better side of the nation.

    The comparison public-health dashboards use: significant when the 95% interval excludes
    the national value. Polarity says whether a higher share is worse or better.
    """
    if national_rate is None:
        return "not_compared"
    if ci_low > national_rate:
        return "worse" if polarity == "worse" else "better"
    if ci_high < national_rate:
        return "better" if polarity == "worse" else "worse"
    return "similar"


def competition_rank(scores: Mapping[object, float | None]) -> dict[object, int]:
    """Rank keys by score, highest first; ties share a rank ('1224'); no score, no rank."""
    ranked = sorted(((s, k) for k, s in scores.items() if s is not None), key=lambda x: -x[0])
    ranks: dict[object, int] = {}
    previous_score, previous_rank = None, 0
    for position, (score, key) in enumerate(ranked, start=1):
        rank = previous_rank if score == previous_score else position
        ranks[key] = rank
        previous_score, previous_rank = score, rank
    return ranks


def mean_score(scores: Iterable[int]) -> float | None:
    """The mean of grade scores, or None when no grade is known."""
    values = list(scores)
    return sum(values) / len(values) if values else None


def median(values: Iterable[float]) -> float | None:
    """The median, or None when there is nothing to take it of."""
    values = list(values)
    return float(statistics.median(values)) if values else None


def action_plan_status(
    due: datetime.date | None, submitted: datetime.date | None, today: datetime.date
) -> str:
    """Whether an inspection's action plan is submitted, still due, or overdue."""
    if submitted is not None:
        return "submitted"
    if due is None:
        return "none"
    return "overdue" if today > due else "due"
