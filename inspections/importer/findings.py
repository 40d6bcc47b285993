"""Read one area section's findings: causes of concern with their recommendations, areas for
improvement, main findings, case studies and promising practice.

The boxes' headings are the programme's (fixtures/programmes.json). An area for improvement is
either a title with text under it (child protection) or a list of statements such as "The force
should …", each its own area for improvement (PEEL).
"""

import re
from dataclasses import dataclass, field

from .reference import Programme
from .sections import Section
from .text import LIST_ITEM_END, Paragraph, join_body

# The box headings, by the programme's heading kind, and the mode each starts.
_BOXES = (
    ("cause_of_concern", "cause"),
    ("area_for_improvement", "improvement"),
    ("case_study", "case"),
    ("promising_practice", "practice"),
)
_BLOCK_HEADINGS = (*(kind for kind, _ in _BOXES), "recommendations", "main_findings")
# A listed area for improvement states what the force should do, in a sentence or two, the
# duty coming within its first words: "The force should make sure …".
_LISTED_ITEM = re.compile(r"^(?:\S+\s+){0,7}?(?:should|needs?\s+to|must)\s+(?!have\b)", re.I)
_LISTED_ITEM_WORDS = 60
_SECTION_INTRO = re.compile(r"in this section,? we set out\b", re.I)
_LEAD_IN = re.compile(r"(?P<timescale>[^,]{3,80}?),\s+[^,]*?\bshould\b\s*", re.I)


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


def read_findings(section: Section, programme: Programme, area: str = "") -> SectionFindings:
    """Walk the section once, sending each paragraph to the finding it belongs to.

    Findings are filed under `area` (the section's own area when not given).
    """
    found = SectionFindings()
    reader = _Reader(area or section.area, found, programme)
    paragraphs = section.paragraphs
    index = 0
    while index < len(paragraphs):
        index = reader.take(paragraphs, index)
    reader.close()
    return found


class _Reader:
    """A small state machine: the block heading last seen decides where text goes."""

    def __init__(self, area: str, found: SectionFindings, programme: Programme):
        self.area, self.found, self.programme = area, found, programme
        self.mode, self.item, self.body = "opening", None, []
        self.in_main_findings = False
        self.cause: dict | None = None
        self.listing, self.lead_in = False, ""  # areas for improvement given as a list
        # A box's heading run into its first line: "Area for improvement: The force should …"
        self.inline = {
            mode: re.compile(rf"(?:{programme.heading(kind).pattern})\s*:\s+(?=\S)", re.I)
            for kind, mode in _BOXES
        }

    def take(self, paragraphs: list[Paragraph], index: int) -> int:
        paragraph = paragraphs[index]
        for mode, pattern in self.inline.items():
            match = pattern.match(paragraph.key)
            if match:
                rest = Paragraph(paragraph.text[match.end() :], paragraph.key[match.end() :])
                if mode == "improvement":
                    self.start_list()
                    self.add_listed(rest)
                else:
                    self.start(mode, rest.text)
                return index + 1
        for kind, mode in _BOXES:
            if paragraph.is_line(self.programme.heading(kind)):
                title = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
                if title is None or self.is_block_heading(title):
                    self.start(mode, "")
                    return index + 1
                if mode == "improvement" and (title.is_bullet or not title.is_heading):
                    self.start_list()
                    return index + 1
                self.start(mode, title.text)
                return index + 2
        if paragraph.is_line(self.programme.heading("recommendations")):
            self.close()
            self.mode = "recommendations"
            return index + 1
        if paragraph.is_line(self.programme.heading("main_findings")):
            self.close()
            self.mode, self.in_main_findings = "main", True
            return index + 1
        self.add(paragraph)
        return index + 1

    def start(self, mode: str, title: str) -> None:
        self.close()
        self.listing, self.lead_in = False, ""
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
        elif self.listing:
            self.add_listed(paragraph)
        elif self.item is not None:
            self.body.append(paragraph)
        elif not _SECTION_INTRO.match(paragraph.key):
            self.found.opening.append(paragraph)

    def ends_block(self) -> bool:
        """Whether a heading here starts a main finding, rather than going on with the block.

        A title after a case study, a list of recommendations or an area for improvement's
        text starts a finding even where the 'Main findings' heading is missing.
        """
        if self.mode == "main" or self.listing:
            return True
        if self.mode in ("case", "practice", "improvement"):
            return self.in_main_findings or bool(self.body)
        if self.mode == "recommendations":
            return bool(self.cause and self.cause["recommendations"])
        return False  # a cause of concern's text runs on to its recommendations

    def start_list(self) -> None:
        """Start a box that lists areas for improvement; add_listed() takes its items."""
        self.close()
        self.mode, self.body, self.item = "improvement", [], None
        self.listing, self.lead_in = True, ""

    def add_listed(self, paragraph: Paragraph) -> None:
        """A listed area for improvement, its lead-in ('The force should:'), or its text."""
        if not paragraph.is_bullet and paragraph.key.rstrip().endswith(":"):
            self.lead_in = paragraph.text.rstrip(" :")
            return
        short = len(paragraph.key.split()) <= _LISTED_ITEM_WORDS
        if paragraph.is_bullet:
            offset = len(paragraph.text) - len(paragraph.bullet_text)
            text = _without_list_end(paragraph, offset)
            title = f"{self.lead_in} {text}" if self.lead_in else text
        elif self.item is None or (short and _LISTED_ITEM.match(paragraph.key)):
            title = paragraph.text
        else:
            self.body.append(paragraph)
            return
        self.close()
        self.item, self.body = {"area": self.area, "title": title, "body": ""}, []

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
        if paragraph.key.endswith(":") and not recommendations:  # "The force should:"
            self.cause["lead_in"] = paragraph.text
            return
        self.cause["body"] = "\n\n".join(filter(None, (self.cause["body"], paragraph.text)))

    def is_block_heading(self, paragraph: Paragraph) -> bool:
        return any(paragraph.is_line(self.programme.heading(k)) for k in _BLOCK_HEADINGS)

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


def _without_list_end(paragraph: Paragraph, offset: int) -> str:
    """The text from offset on, without the '; and' or full stop that ends a list item."""
    end = LIST_ITEM_END.search(paragraph.key, offset)
    return paragraph.text[offset : end.start() if end else None].strip()
