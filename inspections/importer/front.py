"""Read a report's front matter: title, force, publication date, summaries and the inspector."""

import datetime
import re
from collections.abc import Iterator
from typing import NoReturn

from .errors import ReportError
from .numbers import NUMBER, parse_number
from .reference import Programme
from .text import Paragraph, join_body

_FORCE_IN_TEXT = re.compile(
    r"\b((?:[A-Z][\w&'-]*\s+(?:and\s+|of\s+|&\s+)?)+?(?:Police Service|Constabulary|Police))\b"
)
# The words before a report's date: "Published on", "Publication date".
PUBLISHED_LABEL = r"(?:published(?:\s+on)?|publication\s+date)"
_PUBLISHED = re.compile(
    rf"\b{PUBLISHED_LABEL}\s*:?\s*(\d{{1,2}})(?:st|nd|rd|th)?\s+([a-z]+),?\s+(\d{{4}})", re.I
)
_MONTHS = {
    month: number
    for number, month in enumerate(
        "january february march april may june july august september october november "
        "december".split(),
        start=1,
    )
}
_HM_TITLE = re.compile(
    r"(?:hm|his majesty's|her majesty's) (?:chief )?inspectors? of constabulary\b.*", re.I
)
_WITHIN = re.compile(rf"\bwithin\s+(?P<n>{NUMBER})\s+(?P<unit>days?|weeks?|months?)\b", re.I)


# A title may be set over up to three lines: "PEEL 2023–25" / "Police effectiveness, …" / "An
# inspection of Kent Police".
_TITLE_LINES = 3


def find_title(
    paragraphs: list[Paragraph], programmes: tuple[Programme, ...]
) -> tuple[int, str, Programme]:
    """Index of the title's last line, the force it names and the programme it belongs to.

    The first title of any programme wins, so a report that mentions another programme later
    on is still read as its own. Refuses text with no title of a programme we can read.
    """
    for index in range(len(paragraphs)):
        for lines, force, programme in titles_at(paragraphs, index, programmes):
            # not a site's name above a whole title
            if lines == 1 or not _title_of(paragraphs[index + 1 : index + lines], programmes):
                return index + lines - 1, force, programme
    _refuse(paragraphs, programmes)


def titles_at(
    paragraphs: list[Paragraph], index: int, programmes: tuple[Programme, ...]
) -> Iterator[tuple[int, str, Programme]]:
    """The titles of one to three heading lines that start at the index, shortest first: how
    many lines each takes, the force it names and its programme."""
    for lines in range(1, _TITLE_LINES + 1):
        block = paragraphs[index : index + lines]
        if len(block) < lines or not all(p.is_heading for p in block):
            return
        if found := _title_of(block, programmes):
            yield lines, *found


def _title_of(
    block: list[Paragraph], programmes: tuple[Programme, ...]
) -> tuple[str, Programme] | None:
    key = ": ".join(p.key.strip(" :") for p in block)
    text = ": ".join(p.text.strip(" :") for p in block)
    if len(key.split()) > 16 * len(block):
        return None
    for programme in programmes:
        for form in programme.titles:
            match = form.fullmatch(key)
            if match:
                named = "force" in form.groupindex
                force = text[match.start("force") : match.end("force")] if named else ""
                return force.strip(" :-–—"), programme
    return None


def _refuse(paragraphs: list[Paragraph], programmes: tuple[Programme, ...]) -> NoReturn:
    """Say which programme the text seems to be of, and what title was expected."""
    head = " ".join(p.key for p in paragraphs[:20])
    hits = [_mentions(head, p.telltales) for p in programmes]
    likely = programmes[hits.index(max(hits))] if programmes else None
    if likely is not None and max(hits):
        raise ReportError(
            f"This reads like a {likely.name} report, but no title such as "
            f"'{likely.example_title}' was found near the start."
        )
    readable = {p.name for p in programmes}
    for programme in programmes:
        for name, telltales in programme.others.items():
            if name not in readable and _mentions(head, telltales):
                raise ReportError(
                    f"This looks like a {name} report, which can't be imported: only "
                    f"{' and '.join(sorted(readable))} reports can."
                )
    expected = " or ".join(f"'{p.example_title}'" for p in programmes)
    raise ReportError(
        "This doesn't look like a report of a programme we can import: no title such as "
        f"{expected} was found near the start."
    )


def _mentions(text: str, telltales: tuple[str, ...]) -> int:
    return sum(len(re.findall(rf"(?<!\w){re.escape(t)}(?!\w)", text, re.I)) for t in telltales)


def force_in(text: str) -> str:
    """The first force named in a sentence, e.g. 'Gloucestershire Constabulary'."""
    match = _FORCE_IN_TEXT.search(text)
    return match.group(1) if match else ""


def find_published(paragraphs: list[Paragraph]) -> datetime.date | None:
    """The date of 'Published on: 21 May 2025'."""
    for paragraph in paragraphs:
        match = _PUBLISHED.search(paragraph.key)
        if match and match.group(2).casefold() in _MONTHS:
            day, month, year = match.groups()
            try:
                return datetime.date(int(year), _MONTHS[month.casefold()], int(day))
            except ValueError:
                return None
    return None


def split_inspector_summary(paragraphs: list[Paragraph], heading: re.Pattern) -> tuple[str, str]:
    """The HM Inspector's summary (under the heading given) and the name signed under it."""
    start = next((i for i, p in enumerate(paragraphs) if p.is_line(heading)), None)
    if start is None:
        return "", ""
    for index in range(start + 1, len(paragraphs)):
        if paragraphs[index].is_line(_HM_TITLE):
            if index - 1 == start:  # signed, but with no name above the title
                return "", ""
            return join_body(paragraphs[start + 1 : index - 1]), paragraphs[index - 1].text
    return join_body(paragraphs[start + 1 :]), ""


def action_plan_due(paragraphs: list[Paragraph], published: datetime.date) -> datetime.date | None:
    """When the force's action plan is due: 'within eight weeks' of publication."""
    for paragraph in paragraphs:
        match = _WITHIN.search(paragraph.key)
        if not match:
            continue
        count, unit = parse_number(match.group("n")), match.group("unit").casefold()
        if unit.startswith("day"):
            return published + datetime.timedelta(days=count)
        if unit.startswith("week"):
            return published + datetime.timedelta(weeks=count)
        return _add_months(published, count)
    return None


def _add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day some months later, or the month's last day if it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")
