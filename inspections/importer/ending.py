"""Find where the report ends: another report in the same file, or text after its last part.

What lies past the end is never read; the warnings name it, so nothing is dropped unsaid.
"""

import re
from collections.abc import Iterator

from .front import PUBLISHED_LABEL, titles_at
from .reference import Programme
from .sections import CLOSING_HEADINGS
from .text import Paragraph

# A second report starts with its title soon followed by its date, or, for a report of the same
# programme, by its summary; a title merely cited in the text is followed by neither.
_DATE_LINE = re.compile(rf"{PUBLISHED_LABEL}\b", re.I)
_SUMMARIES = ("overall_summary", "judgments")  # the programme's headings that open a report
_OPENING_WITHIN = 8
# Headings of the parts that close a report: those that close its last section, and more;
# anything else after "Next steps" is not the report's.
_END_MATTER = re.compile(
    rf"{CLOSING_HEADINGS}|annex [a-z0-9]+|about us|methodology|terms used in this report", re.I
)
# Page furniture a browser or publisher prints at the foot: never part of the report.
_FURNITURE = re.compile(
    r"©|\(c\)\s|\bcopyright\b|open government licen[cs]e|https?://|www\.|^\d+\s*/\s*\d+$",
    re.I,
)
_NEXT_STEPS_PARAGRAPHS = 4  # "Next steps" holds a paragraph or two: more is something else


def next_report_start(
    paragraphs: list[Paragraph], programmes: tuple[Programme, ...], programme: Programme
) -> int | None:
    """Index of a later report's title, if any (see report_starts)."""
    return next(report_starts(paragraphs, programmes, programme), None)


def report_starts(
    paragraphs: list[Paragraph], programmes: tuple[Programme, ...], programme: Programme
) -> Iterator[int]:
    """Indexes of the reports' titles: each followed by its date, or by its summary when it
    is of the same programme as the report being read."""
    summaries = [programme.heading(kind) for kind in _SUMMARIES]

    def is_summary(paragraph: Paragraph) -> bool:
        return any(paragraph.is_line(heading) for heading in summaries)

    # Titles are costly to recognise: look only just before a date or summary line.
    openings = [
        i
        for i, paragraph in enumerate(paragraphs)
        if _DATE_LINE.match(paragraph.key) or is_summary(paragraph)
    ]
    candidates = sorted({j for i in openings for j in range(max(0, i - _OPENING_WITHIN), i)})
    for index in candidates:
        if not paragraphs[index].is_heading:
            continue
        found = title_programme(paragraphs, index, programmes)
        if found is None:
            continue
        if index + 1 < len(paragraphs) and title_programme(paragraphs, index + 1, programmes):
            continue  # a page's foot repeating its title, just before the next report
        following = paragraphs[index + 1 : index + 1 + _OPENING_WITHIN]
        if any(_DATE_LINE.match(p.key) for p in following):
            yield index
        elif found == programme and any(is_summary(p) for p in following):
            yield index


def title_programme(
    paragraphs: list[Paragraph], index: int, programmes: tuple[Programme, ...]
) -> Programme | None:
    """The programme of the report whose title (one to three lines) starts at the index."""
    return next((programme for _, _, programme in titles_at(paragraphs, index, programmes)), None)


def more_reports_warning(
    rest: list[Paragraph], programmes: tuple[Programme, ...], programme: Programme
) -> str:
    """Say how many more reports were left unread, naming the first."""
    count = sum(1 for _ in report_starts(rest, programmes, programme))
    count = max(count, 1)
    return (
        f"The file holds more than one report: only the first was read. {count} more "
        f"report{'s' if count != 1 else ''} ({len(rest)} lines, from “{rest[0].text}”) "
        f"{'were' if count != 1 else 'was'} ignored: import each report on its own."
    )


def trailing_text(closing: list[Paragraph], programmes: tuple[Programme, ...]) -> list[Paragraph]:
    """The paragraphs after the report's closing parts that belong to none of them."""
    ignored, heading_known, in_next_steps, body = [], True, False, 0
    for index, paragraph in enumerate(closing):
        if paragraph.is_heading and paragraph.is_line(_END_MATTER):
            heading_known, body = True, 0
            in_next_steps = paragraph.key.casefold().startswith("next steps")
            continue
        if paragraph.is_heading and (
            _FURNITURE.search(paragraph.key) or title_programme(closing, index, programmes)
        ):
            continue  # the page's own title or furniture at its foot
        if paragraph.is_heading and not ignored:
            heading_known = False
        body += not paragraph.is_heading
        if not heading_known or (in_next_steps and body > _NEXT_STEPS_PARAGRAPHS) or ignored:
            ignored.append(paragraph)
    # A stray heading is furniture; text someone could read as the report's is worth a word.
    return ignored if any(not p.is_heading for p in ignored) else []


def trailing_text_warning(ignored: list[Paragraph]) -> str:
    first = ignored[0].text
    first = first if len(first) <= 120 else first[:117] + "…"
    return (
        f"{len(ignored)} line{'s' if len(ignored) != 1 else ''} after the report's end "
        f"{'were' if len(ignored) != 1 else 'was'} ignored, from “{first}”."
    )
