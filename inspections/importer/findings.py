"""Read one area section's findings: causes of concern with their recommendations, areas for
improvement, main findings, case studies and promising practice."""

import re
from dataclasses import dataclass, field

from .sections import Section
from .text import Paragraph, join_body

_CAUSE = re.compile(r"causes? of concern", re.I)
_RECOMMENDATIONS = re.compile(r"recommendations?", re.I)
_IMPROVEMENT = re.compile(r"areas? for improvement", re.I)
_MAIN = re.compile(r"main findings?", re.I)
_CASE = re.compile(r"case stud(?:y|ies)", re.I)
_PRACTICE = re.compile(r"(?:promising|innovative) practice", re.I)
_SECTION_INTRO = re.compile(r"in this section,? we set out\b", re.I)
_LEAD_IN = re.compile(r"(?P<timescale>[^,]{3,80}?),\s+[^,]*?\bshould\s+", re.I)
_LIST_END = re.compile(r"(?:\s*;\s*(?:and|or)|\s*;|\s*,\s*(?:and|or)|\s*[.,])\s*$", re.I)


@dataclass
class SectionFindings:
    """What one area section says, before judgments, statistics and themes are added."""

    opening: list[Paragraph] = field(default_factory=list)  # the judgment and context
    causes_of_concern: list[dict] = field(default_factory=list)
    areas_for_improvement: list[dict] = field(default_factory=list)
    main_findings: list[dict] = field(default_factory=list)
    case_studies: list[dict] = field(default_factory=list)
    promising_practice: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_findings(section: Section) -> SectionFindings:
    """Walk the section once, sending each paragraph to the finding it belongs to."""
    found = SectionFindings()
    reader = _Reader(section.area, found)
    paragraphs = section.paragraphs
    index = 0
    while index < len(paragraphs):
        index = reader.take(paragraphs, index)
    reader.close()
    return found


class _Reader:
    """A small state machine: the block heading last seen decides where text goes."""

    def __init__(self, area: str, found: SectionFindings):
        self.area, self.found = area, found
        self.mode, self.item, self.body = "opening", None, []
        self.in_main_findings = False
        self.cause: dict | None = None

    def take(self, paragraphs: list[Paragraph], index: int) -> int:
        paragraph = paragraphs[index]
        for pattern, mode in (
            (_CAUSE, "cause"),
            (_IMPROVEMENT, "improvement"),
            (_CASE, "case"),
            (_PRACTICE, "practice"),
        ):
            if paragraph.is_line(pattern):
                title = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
                if title is None or _is_block_heading(title):
                    self.start(mode, "")
                    return index + 1
                self.start(mode, title.text)
                return index + 2
        if paragraph.is_line(_RECOMMENDATIONS):
            self.close()
            self.mode = "recommendations"
            return index + 1
        if paragraph.is_line(_MAIN):
            self.close()
            self.mode, self.in_main_findings = "main", True
            return index + 1
        self.add(paragraph)
        return index + 1

    def start(self, mode: str, title: str) -> None:
        self.close()
        self.mode, self.body = mode, []
        self.item = {"area": self.area, "title": title, "body": ""}
        if mode == "cause":
            self.item |= {"timescale": "", "lead_in": "", "recommendations": []}
            self.cause = self.item
        if mode == "case":
            self.item["outcome"] = ""

    def add(self, paragraph: Paragraph) -> None:
        if self.mode == "opening":
            self.found.opening.append(paragraph)
        elif paragraph.is_heading and self.ends_block():
            self.in_main_findings = True
            self.start("main", paragraph.text)
        elif self.mode == "recommendations":
            self.add_recommendation(paragraph)
        elif self.item is not None:
            self.body.append(paragraph)
        elif not _SECTION_INTRO.match(paragraph.key):
            self.found.opening.append(paragraph)

    def ends_block(self) -> bool:
        """Whether a heading here starts a main finding, rather than going on with the block.

        A title after a case study, a list of recommendations or an area for improvement's
        text starts a finding even where the 'Main findings' heading is missing.
        """
        if self.mode == "main":
            return True
        if self.mode in ("case", "practice", "improvement"):
            return self.in_main_findings or bool(self.body)
        if self.mode == "recommendations":
            return bool(self.cause and self.cause["recommendations"])
        return False  # a cause of concern's text runs on to its recommendations

    def add_recommendation(self, paragraph: Paragraph) -> None:
        if self.cause is None:
            self.found.warnings.append(
                f"A recommendation outside any cause of concern was left out: “{paragraph.text}”"
            )
            return
        recommendations = self.cause["recommendations"]
        if paragraph.is_bullet:
            offset = len(paragraph.text) - len(paragraph.bullet_text)
            recommendations.append(_without_list_end(paragraph, offset))
            return
        lead_in = _LEAD_IN.match(paragraph.key)
        if lead_in and not recommendations:
            self.cause["timescale"] = paragraph.text[: lead_in.end("timescale")]
            if paragraph.key.endswith(":"):
                self.cause["lead_in"] = paragraph.text
            else:  # one recommendation, written out in full
                self.cause["lead_in"] = paragraph.text[: lead_in.end()].strip()
                recommendations.append(_without_list_end(paragraph, lead_in.end()))
            return
        self.cause["body"] = "\n\n".join(filter(None, (self.cause["body"], paragraph.text)))

    def close(self) -> None:
        if self.item is None:
            return
        self.item["body"] = join_body(self.body)
        target = {
            "cause": self.found.causes_of_concern,
            "improvement": self.found.areas_for_improvement,
            "main": self.found.main_findings,
            "case": self.found.case_studies,
            "practice": self.found.promising_practice,
        }[self.mode]
        target.append(self.item)
        self.item, self.body = None, []


def _is_block_heading(paragraph: Paragraph) -> bool:
    patterns = (_CAUSE, _RECOMMENDATIONS, _IMPROVEMENT, _MAIN, _CASE, _PRACTICE)
    return any(paragraph.is_line(p) for p in patterns)


def _without_list_end(paragraph: Paragraph, offset: int) -> str:
    """The text from offset on, without the '; and' or full stop that ends a list item."""
    end = _LIST_END.search(paragraph.key, offset)
    return paragraph.text[offset : end.start() if end else None].strip()
