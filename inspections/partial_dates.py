"""Dates that sources give only to the month or the year."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "day"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})$"), "year"),
)


def parse_partial_date(text: str) -> tuple[datetime.date, str]:
    """Read 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY' as (first day of the period, precision)."""
    for pattern, precision in _PATTERNS:
        if match := pattern.match(text.strip()):
            parts = [int(p) for p in match.groups()] + [1, 1]
            try:
                return datetime.date(*parts[:3]), precision
            except ValueError:
                break
    raise ValidationError(
        f"“{text}” is not a date: write YYYY-MM-DD, or YYYY-MM or YYYY when the source gives "
        "only the month or year."
    )


def format_partial_date(value: datetime.date, precision: str) -> str:
    """Write a date back to the precision it is known to, as in the sources."""
    return {"year": f"{value:%Y}", "month": f"{value:%Y-%m}"}.get(precision, value.isoformat())


def write_partial_date(value: datetime.date | None, precision: str) -> str:
    """A date as the pages write it, to the precision the source gives: '7 March 2024',
    'March 2024', '2024', or 'date not known'; empty when there is no date yet."""
    if precision == "not_known":
        return _("date not known")
    if value is None:
        return ""
    if precision == "year":
        return f"{value:%Y}"
    if precision == "month":
        return f"{value:%B %Y}"
    return f"{value.day} {value:%B %Y}"
