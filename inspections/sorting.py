"""Tables sorted by any column on the server, so sorting works without JavaScript.

A column header links to `?sort=<column>&order=asc|desc` (the page's other parameters kept) and
carries `aria-sort`; with JavaScript, the Ministry of Justice Frontend's sortable table turns the
links into buttons and sorts in the browser the same way. Missing values ("Not known", blank)
sort lowest, as the browser's sort sees them (`data-sort-value="-1"`), so both orders agree.
A sort this page does not offer is ignored: the table keeps its own order.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.http import QueryDict

SORT, ORDER = "sort", "order"
MISSING = frozenset({"", "—", "-", "not known", "not set", "none", "no published inspection"})


@dataclass(frozen=True)
class Sort:
    """The column a table is sorted by (None: its own order) and in which direction."""

    column: str | None = None
    descending: bool = False


@dataclass(frozen=True)
class Column:
    """A column header: its label, the link that sorts by it, and its aria-sort state."""

    key: str
    label: str
    url: str
    aria_sort: str


# key → (header, what a row sorts by)
Columns = dict[str, tuple[str, Callable]]


def sorted_table(
    rows: Iterable, query: QueryDict, columns: Columns, *, prefix: str = ""
) -> tuple[list[Column], list]:
    """The header columns with their sorting links, and the rows in the order `query` asks for.

    A page with several tables gives each its own `prefix` ("<table>."), so sorting one leaves
    the others in their order."""
    labels = [(key, label) for key, (label, _) in columns.items()]
    headers, sort = sorted_headers(query, labels, prefix=prefix)
    key = columns[sort.column][1] if sort.column else None
    return headers, sort_rows(rows, key, sort)


def sorted_headers(
    query: QueryDict, labels: Sequence[tuple[str, str]], *, prefix: str = ""
) -> tuple[list[Column], Sort]:
    """The headers of these (key, label) columns with their sorting links, and the sort the
    query asks for among them, for a table sorted here or by the database."""
    sort = requested_sort(query, [key for key, _ in labels], prefix=prefix)
    return header_columns(query, labels, sort, prefix=prefix), sort


def requested_sort(query: QueryDict, columns: Iterable[str], *, prefix: str = "") -> Sort:
    """The sort `?sort=<prefix><column>&order=` asks for, if it names one of the columns."""
    asked = query.get(SORT, "")
    if not asked.startswith(prefix) or asked[len(prefix) :] not in set(columns):
        return Sort()
    return Sort(asked[len(prefix) :], query.get(ORDER) == "desc")


def header_columns(
    query: QueryDict, columns: Sequence[tuple[str, str]], sort: Sort, *, prefix: str = ""
) -> list[Column]:
    """Each (key, label) column with its sorting link and aria-sort."""
    result = []
    for key, label in columns:
        current = sort.column == key
        params = query.copy()
        params[SORT] = f"{prefix}{key}"
        params[ORDER] = "desc" if current and not sort.descending else "asc"
        params.pop("download", None)
        params.pop("page", None)  # a new order starts at its first page
        state = ("descending" if sort.descending else "ascending") if current else "none"
        result.append(Column(key, label, f"?{params.urlencode()}", state))
    return result


def sort_rows(rows: Iterable, key: Callable, sort: Sort, *, ranks: dict | None = None) -> list:
    """The rows ordered by `key(row)` as `sort_value` sees it; unchanged without a sort."""
    rows = list(rows)
    if sort.column is None:
        return rows
    return sorted(rows, key=lambda row: sort_value(key(row), ranks), reverse=sort.descending)


def sort_value(value, ranks: dict | None = None) -> tuple:
    """A key that orders missing values first, then numbers and dates, then words."""
    if value is None:
        return (0,)
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, int | float):
        return (1, value)
    if isinstance(value, datetime | date):
        return (1, value.toordinal() if isinstance(value, date) else value.timestamp())
    text = str(value).strip()
    if text.casefold() in MISSING:
        return (0,)
    if ranks and text in ranks:
        return (1, ranks[text])
    try:
        return (1, float(text.replace(",", "")))
    except ValueError:
        return (2, text.casefold())


def client_sort_value(value, ranks: dict | None = None) -> str | None:
    """What the browser's sort should compare instead of the cell's text, if anything."""
    key = sort_value(value, ranks)
    if key == (0,):
        return "-1"
    if ranks and str(value).strip() in ranks:
        return str(ranks[str(value).strip()])
    if isinstance(value, date):
        return value.isoformat()
    return None
