"""The tracker's and the tracking list's columns, each sortable on the server (no JavaScript
needed) and in the browser (the MOJ sortable table): see `inspections.sorting.sorted_table`.

The tracker is sorted by the database, a page at a time (selectors.TrackerRows), in the order
its columns' keys below give in Python; a test holds the two to the same order."""

from django.utils.translation import gettext_lazy as _

from inspections.sorting import Columns

TRACKER_COLUMNS: Columns = {
    "recommendation": (_("Recommendation"), lambda row: row.recommendation.full_text),
    "due": (_("Due"), lambda row: row.recommendation.due_date),
    "accepted": (_("Accepted"), lambda row: row.recommendation.acceptance_label()),
    "force-status": (_("Force reports"), lambda row: row.recommendation.force_status_label()),
    "inspectorate": (_("Inspectorate"), lambda row: row.recommendation.verification_label()),
    "last-update": (_("Last update"), lambda row: row.last_update),
}
FORCE_COLUMNS: Columns = {
    "force": (_("Force"), lambda summary: summary.force.name),
    "open": (_("Open"), lambda summary: summary.open),
    "overdue": (_("Overdue"), lambda summary: summary.overdue),
    "awaiting-review": (_("Awaiting review"), lambda summary: summary.awaiting_review),
}
