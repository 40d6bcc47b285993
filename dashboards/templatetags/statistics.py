"""Template words for a case-file statistic against the national rate, with its pool."""

from django import template

from dashboards.charts import pool_words
from dashboards.models import StatisticComparison

register = template.Library()


@register.filter
def against_national(statistic) -> str:
    """'Similar to the national rate (pooled from 5 forces, 412 case files)', or why there is
    no national comparison. Expects the statistic with its indicator and its measure's."""
    measure = statistic.measure
    pool = getattr(measure, "indicator", None) if measure else None
    indicator = getattr(statistic, "indicator", None)
    national = indicator.national_rate if indicator else None
    words = pool_words(
        pool.forces if pool else (0 if measure else None),
        pool.denominator if pool else None,
        national,
    )
    if national is None:
        return words
    label = dict(StatisticComparison.choices).get(indicator.comparison, indicator.comparison)
    return f"{label} ({words})"
