"""Read a report's front matter: title, force, publication date, summaries and the inspector."""

import datetime
import re

from .errors import ReportError
from .numbers import NUMBER, parse_number
from .reference import Programme
from .text import Paragraph, join_body

_TITLE_FORMS = (
    # "Gloucestershire Constabulary: National child protection inspection", or the older
    # "Gloucestershire – National child protection inspection"
    re.compile(r"(?P<force>.+?)\s*(?::|\s-)\s*national child protection inspection\b.*", re.I),
    re.compile(r"national child protection inspection\s*(?::|-|\bof\b)\s*(?P<force>.+)", re.I),
    # The programme's name alone: the force is then read from the summary.
    re.compile(r"national child protection inspection(?P<force>)", re.I),
)
_FORCE_IN_TEXT = re.compile(
    r"\b((?:[A-Z][\w&'-]*\s+(?:and\s+|of\s+|&\s+)?)+?(?:Police Service|Constabulary|Police))\b"
)
_PUBLISHED = re.compile(
    r"\bpublished(?:\s+on)?\s*:?\s*(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+),?\s+(\d{4})", re.I
)
_MONTHS = {
    month: number
    for number, month in enumerate(
        "january february march april may june july august september october november "
        "december".split(),
        start=1,
    )
}
_HM_SUMMARY = re.compile(r"(?:hm|his majesty's|her majesty's) (?:chief )?inspector's summary", re.I)
_HM_TITLE = re.compile(
    r"(?:hm|his majesty's|her majesty's) (?:chief )?inspectors? of constabulary\b.*", re.I
)
_WITHIN = re.compile(rf"\bwithin\s+(?P<n>{NUMBER})\s+(?P<unit>days?|weeks?|months?)\b", re.I)


def find_title(paragraphs: list[Paragraph], programme: Programme) -> tuple[int, str]:
    """Index of the title and the force it names; refuse reports of another programme."""
    for index, paragraph in enumerate(paragraphs):
        if not paragraph.is_heading or len(paragraph.key.split()) > 16:
            continue
        for form in _TITLE_FORMS:
            match = form.fullmatch(paragraph.key)
            if match:
                force = paragraph.text[match.start("force") : match.end("force")]
                return index, force.strip(" :-–—")
    head = " ".join(p.key for p in paragraphs[:20])
    if programme.name.casefold() in head.casefold():
        raise ReportError(
            f"This reads like a {programme.name} report, but no title such as "
            f"'<force>: {programme.name}' was found near the start."
        )
    for name, telltales in programme.others.items():
        if any(re.search(rf"(?<!\w){re.escape(t)}(?!\w)", head, re.I) for t in telltales):
            raise ReportError(
                f"This looks like a {name} report, not a {programme.name} report: "
                "only national child protection inspections can be imported here."
            )
    raise ReportError(
        f"This doesn't look like a {programme.name} report: no title such as "
        f"'<force>: {programme.name}' was found near the start."
    )


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


def split_inspector_summary(paragraphs: list[Paragraph]) -> tuple[str, str]:
    """The HM Inspector's summary and the inspector's name signed under it."""
    start = next((i for i, p in enumerate(paragraphs) if p.is_line(_HM_SUMMARY)), None)
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
