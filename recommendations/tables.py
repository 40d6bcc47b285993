"""The tracker's and the tracking list's columns, each sortable on the server (no JavaScript
needed) and in the browser (the MOJ sortable table)."""

from collections.abc import Callable

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from inspections import sorting

# key → (header, what a row sorts by)
TRACKER_COLUMNS: dict[str, tuple[str, Callable]] = {
    "recommendation": (_("Recommendation"), lambda row: row.recommendation.full_text),
    "due": (_("Due"), lambda row: row.recommendation.due_date),
    "accepted": (_("Accepted"), lambda row: row.recommendation.get_acceptance_display()),
    "force-status": (_("Force reports"), lambda row: row.recommendation.get_force_status_display()),
    "inspectorate": (_("Inspectorate"), lambda row: row.recommendation.verification_label()),
    "last-update": (_("Last update"), lambda row: row.last_update),
}
FORCE_COLUMNS: dict[str, tuple[str, Callable]] = {
    "force": (_("Force"), lambda summary: summary.force.name),
    "open": (_("Open"), lambda summary: summary.open),
    "overdue": (_("Overdue"), lambda summary: summary.overdue),
    "awaiting-review": (_("Awaiting review"), lambda summary: summary.awaiting_review),
}


def sorted_table(
    rows: list, query: QueryDict, columns: dict[str, tuple[str, Callable]]
) -> tuple[list[sorting.Column], list]:
    """The header columns with their sorting links, and the rows in the order asked for."""
    sort = sorting.requested_sort(query, columns)
    headers = sorting.header_columns(query, [(k, column[0]) for k, column in columns.items()], sort)
    key = columns[sort.column][1] if sort.column else None
    return headers, sorting.sort_rows(rows, key, sort)
