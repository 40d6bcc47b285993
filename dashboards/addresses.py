"""The query a dashboard page understands, written one way: what its cached copy is kept under.

Parameters a page does not read (`utm_source`, junk) are dropped, the rest put in one order,
and values the page reads as absent (empty filters, an ascending order, a sort beside a
download) left out, so that every address showing the same page shares one cache entry. Values
the page refuses stay: it answers them with an error, which is never cached.
"""

from dataclasses import dataclass

from django.http import QueryDict

DOWNLOAD, SORT, ORDER = "download", "sort", "order"
TABLES = (DOWNLOAD, SORT, ORDER)  # every chart's table: its CSV, and sorting without JavaScript


@dataclass(frozen=True)
class Understood:
    """The parameters a page reads.

    `lists` hold slugs given repeated or comma-separated, in any order (compare's forces).
    With `submitted`, the page's form counts as sent once one of its parameters is present,
    even empty, so an empty value is kept rather than read as absent.
    """

    reads: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    submitted: bool = False
    tables: bool = True

    def canonical(self, query: QueryDict) -> QueryDict:
        """The query as the page reads it, in one spelling."""
        canonical = QueryDict(mutable=True)
        names = sorted({*self.reads, *(TABLES if self.tables else ())})
        for name in (n for n in names if n in query):
            value = _joined(query.getlist(name)) if name in self.lists else query.get(name)
            if value or (self.submitted and name in self.reads):
                canonical[name] = value
        if DOWNLOAD in canonical:  # a download is the table as built, unsorted
            canonical.pop(SORT, None)
        if canonical.get(ORDER) != "desc" or SORT not in canonical:
            canonical.pop(ORDER, None)
        canonical._mutable = False
        return canonical


def _joined(values: list[str]) -> str:
    """Slugs as one sorted comma-separated value, each once."""
    return ",".join(sorted({s.strip() for value in values for s in value.split(",") if s.strip()}))
