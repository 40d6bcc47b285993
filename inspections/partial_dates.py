"""Dates that sources give only to the month or the year."""

import datetime
import re

from django.core.exceptions import ValidationError

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
