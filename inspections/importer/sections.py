"""Find the report's area sections by their headings, and where the report ends.

A programme's ungraded sections (PEEL's service to victims of crime) are found too, so their text
is not read as part of the section before them.
"""

import re
from dataclasses import dataclass

from .reference import Programme
from .text import Paragraph

# Headings that close the last area section (whole lines: see Paragraph.is_line).
CLOSING_HEADINGS = (
    r"next steps|about the data|annex(?: [a-z])?|appendix(?: [a-z0-9]+)?|glossary|references"
)
_AFTER_SECTIONS = re.compile(CLOSING_HEADINGS, re.I)


@dataclass
class Section:
    """One area's part of the report, from its heading to the next area's heading."""

    area: str  # an area's slug, or an ungraded section's
    start: int  # index of the heading among the report's paragraphs
    heading: Paragraph
    paragraphs: list[Paragraph]  # after the heading


def find_sections(paragraphs: list[Paragraph], programme: Programme) -> tuple[list[Section], int]:
    """The area sections in report order, and the index where the last one ends."""
    candidates: dict[str, list[int]] = {}
    graded = re.compile(rf"(?:\s*:|\s-|\s)\s*(?:{programme.grade_pattern})$", re.I)  # 'A: Good'
    for index, paragraph in enumerate(paragraphs):
        heading = paragraph.is_heading or paragraph.key.endswith(":")  # 'Leadership…:'
        if heading and not paragraph.is_bullet and len(paragraph.key.split()) <= 16:
            area = programme.match_area(graded.sub("", paragraph.key), ungraded=True)
            if area:
                candidates.setdefault(area, []).append(index)
    # Where a section surely stops: another area's heading, the report's closing headings or
    # its summaries, so the last entry of a contents list is not taken for its section.
    summaries = [programme.heading(k) for k in ("overall_summary", "judgments", "hm_summary")]
    stops = [
        i
        for i, p in enumerate(paragraphs)
        if p.is_line(_AFTER_SECTIONS) or any(p.is_line(h) for h in summaries)
    ]
    every = sorted({i for found in candidates.values() for i in found} | set(stops))
    starts = {
        area: _section_start(found, every, len(paragraphs)) for area, found in candidates.items()
    }
    order = sorted(starts.items(), key=lambda item: item[1])
    end = len(paragraphs)
    if order:
        end = next(
            (
                i
                for i in range(order[-1][1] + 1, len(paragraphs))
                if paragraphs[i].is_line(_AFTER_SECTIONS)
            ),
            end,
        )
    sections = []
    for position, (area, index) in enumerate(order):
        stop = order[position + 1][1] if position + 1 < len(order) else end
        sections.append(Section(area, index, paragraphs[index], paragraphs[index + 1 : stop]))
    return sections, end


def _section_start(found: list[int], every: list[int], total: int) -> int:
    """Of an area's headings, the one followed by most text: a contents list has none."""

    def length(index: int) -> int:
        later = [i for i in every if i > index]
        return (later[0] if later else total) - index

    return max(reversed(found), key=length)  # on a tie, the later: a contents list comes first
