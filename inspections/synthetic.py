"""A database holds real inspections or synthetic ones, never both.

Synthetic inspections (dashboards/demo_data.py) are generated for demonstrations and
benchmarks into a database of their own, so no page, chart, table or download can set a
synthetic grade beside a real one. Every path that adds real inspections calls
require_real_database(); the generator calls require_demo_database(). In a demonstration
database every answer says so: the site banner on pages, the `X-Synthetic-Data: true` header
on every response, a first column `synthetic` reading `true` in every CSV and Excel row, and
`"synthetic": true` in every JSON object the API answers with.

Whether the database holds synthetic data is decided here alone, for all of them, and kept in
the cache: those two checks, and the removal of synthetic data, have it asked afresh.
"""

import logging
from collections.abc import Iterable, Iterator

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from inspections.models import Inspection

logger = logging.getLogger(__name__)

HEADER = "X-Synthetic-Data"
COLUMN = "synthetic"
DEMO_DATABASE_HOWTO = (
    "DATABASE_URL=sqlite:///demo.sqlite3 python manage.py migrate && "
    "DATABASE_URL=sqlite:///demo.sqlite3 python manage.py load_reference_data --reference-only "
    "&& DATABASE_URL=sqlite:///demo.sqlite3 python manage.py generate_demo_data --scale small"
)


# The answer is kept in the cache, so that marking an answer asks the database nothing. The
# generator and every path adding real data forget it when they commit; the timeout bounds
# how long a change made any other way (the shell) goes unseen.
CACHE_KEY = "synthetic:holds"
CACHE_TIMEOUT = 5 * 60


def holds_synthetic_data() -> bool:
    """Whether this is a demonstration database (it holds synthetic inspections), from the
    cache where it is known there."""
    try:
        holds = cache.get(CACHE_KEY)
    except Exception as error:  # the cache backend's own connection errors vary
        logger.warning("Cache unavailable: %s", error)
        return _database_holds_synthetic_data()
    if holds is None:
        holds = _database_holds_synthetic_data()
        try:
            cache.set(CACHE_KEY, holds, CACHE_TIMEOUT)
        except Exception as error:
            logger.warning("Cache unavailable: %s", error)
    return holds


def forget_synthetic_data() -> None:
    """Once the current transaction commits, ask the database again: it may have changed."""
    transaction.on_commit(_forget)


def _forget() -> None:
    try:
        cache.delete(CACHE_KEY)
    except Exception as error:  # an unreachable cache must not fail the write that committed
        logger.warning("Cache unavailable: %s", error)


def _database_holds_synthetic_data() -> bool:
    return Inspection.objects.filter(is_synthetic=True).exists()


def request_holds_synthetic_data(request) -> bool:
    """holds_synthetic_data(), asked once per request however many parts of it ask."""
    if not hasattr(request, "_holds_synthetic_data"):
        try:
            request._holds_synthetic_data = holds_synthetic_data()
        except DatabaseError:  # no database, no data to mark (the health check says why)
            request._holds_synthetic_data = False
    return request._holds_synthetic_data


def remember_synthetic_data(request, holds: bool) -> None:
    """Record the answer for this request where it is known without asking the database (a
    page served from the cache was stored with it)."""
    request._holds_synthetic_data = holds


def require_real_database(*, adding: str) -> None:
    """Refuse to add real data (`adding` names it) to a database holding synthetic inspections.

    The one rule for every path that adds real inspections: the reference data, the report
    importer, the grades import and the admin. Call it before writing anything.
    """
    if _database_holds_synthetic_data():
        raise ValidationError(
            f"This is a demonstration database: it holds synthetic inspections, so {adding} "
            "cannot be added to it. Real and synthetic inspections never share a database: add "
            "real data to a database of its own (set DATABASE_URL), or remove the synthetic "
            "inspections first with `python manage.py generate_demo_data --delete`.",
            code="demonstration_database",
        )
    forget_synthetic_data()


def require_demo_database() -> None:
    """Refuse to generate synthetic inspections in a database that holds real ones."""
    real = Inspection.objects.filter(is_synthetic=False).count()
    if real:
        raise ValidationError(
            f"This database holds {real} real inspection(s): synthetic data is generated only "
            "into a database of its own, holding the forces, programmes and themes alone. Make "
            f"one with: {DEMO_DATABASE_HOWTO}",
            code="real_database",
        )
    forget_synthetic_data()


def mark_table(headers: list, rows: Iterable[list], *, synthetic: bool) -> tuple[list, list]:
    """For a table of a demonstration database, a first column `synthetic` reading `true` on
    every row, so that a downloaded table can never pass for real data."""
    return mark_headers(headers, synthetic=synthetic), list(mark_rows(rows, synthetic=synthetic))


def mark_headers(headers: list, *, synthetic: bool) -> list:
    """mark_table's headers, for a download written a row at a time."""
    return [COLUMN, *headers] if synthetic else headers


def mark_rows(rows: Iterable[list], *, synthetic: bool) -> Iterator[list]:
    """mark_table's rows, one at a time as they are read, for a download that streams."""
    for row in rows:
        yield ["true", *row] if synthetic else row


def mark_filename(filename: str, *, synthetic: bool) -> str:
    """A download's file name, starting `synthetic-` for a demonstration database's."""
    return f"synthetic-{filename}" if synthetic else filename
