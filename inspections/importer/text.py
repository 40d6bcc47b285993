"""Prepare report text: paragraphs with a folded twin for matching, and sentences.

Matching runs on a folded copy in which non-breaking spaces, non-breaking hyphens, dashes and
curly quotes become their plain forms. Folding swaps one character for one character, so a span
found in the folded copy cuts the same words out of the report's own text, which we keep.
"""

import functools
import re
from dataclasses import dataclass

_FOLD = tuple(
    {
        "\u00a0": " ",  # no-break space
        "\u2007": " ",  # figure space
        "\u2009": " ",  # thin space
        "\u202f": " ",  # narrow no-break space
        "\t": " ",
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2212": "-",  # minus sign
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201f": '"',
    }.items()
)
_BULLET = re.compile(r"^[•·▪◦●‣∙*-]\s+")
_END_PUNCTUATION = re.compile(r"[.!?:;][\"')\]]*$")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
# What ends an item of a list: "; and", "; or", ";", ", and", a comma or a full stop.
LIST_ITEM_END = re.compile(r"(?:\s*;\s*(?:and|or)|\s*;|\s*,\s*(?:and|or)|\s*[.,])\s*$", re.I)
# Page furniture that web pages and PDFs put around a report; never part of its content.
_NAVIGATION = re.compile(
    r"^(?:contents|table of contents|on this page|print this (?:document|page|report)|print|"
    r"back to (?:publication|top|contents|report)|return to top|skip to (?:main )?content|"
    r"share this page|share|download|menu|page \d+(?: of \d+)?|\d+)$",
    re.IGNORECASE,
)


def fold(text: str) -> str:
    """Return the text with look-alike characters made plain, character for character."""
    if text.isascii():
        return text
    for special, plain in _FOLD:  # faster than str.translate() with a mapping
        if special in text:
            text = text.replace(special, plain)
    return text


@dataclass(frozen=True)
class Paragraph:
    """One line of the report: a heading, a paragraph or a list item."""

    text: str  # as the report writes it
    key: str  # folded twin, the same length, for matching

    @functools.cached_property
    def is_bullet(self) -> bool:
        return bool(_BULLET.match(self.key))

    @functools.cached_property
    def is_heading(self) -> bool:
        """A heading is short and, unlike a sentence, has no closing punctuation."""
        return (
            not self.is_bullet
            and "\t" not in self.text
            and not _END_PUNCTUATION.search(self.key)
            and len(self.key) <= 250
            and len(self.key.split()) <= 40
        )

    @functools.cached_property
    def cells(self) -> list[str]:
        """A table row's cells (the report's text, tab-separated); [] for any other line."""
        if "\t" not in self.text:
            return []
        return [cell.strip() for cell in self.text.split("\t")]

    @property
    def bullet_text(self) -> str:
        """The text of a list item without its bullet mark."""
        match = _BULLET.match(self.key)
        return self.text[match.end() :] if match else self.text

    def is_line(self, pattern: re.Pattern) -> bool:
        """Whether the whole paragraph matches, ignoring a trailing colon or full stop."""
        return bool(pattern.fullmatch(self.key.rstrip(" :.")))

    @functools.cached_property
    def sentences(self) -> list["Paragraph"]:
        """Split into sentences, each keeping its own text and folded twin."""
        parts, start = [], 0
        for match in _SENTENCE_END.finditer(self.key):
            end = match.end()
            parts.append(Paragraph(self.text[start:end].strip(), self.key[start:end].strip()))
            start = end
        if start < len(self.key):
            parts.append(Paragraph(self.text[start:].strip(), self.key[start:].strip()))
        return parts


def split_paragraphs(text: str) -> list[Paragraph]:
    """Cut the text into non-empty lines, dropping web and PDF page furniture."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = []
    for line in text.split("\n"):
        # A table row keeps its tabs: an empty first or last cell is still a cell.
        line = line.strip(" \f\v") if "\t" in line and line.strip() else line.strip()
        key = fold(line)
        if line and not _NAVIGATION.match(key.strip()):
            paragraphs.append(Paragraph(line, key))
    return paragraphs


def join_body(paragraphs: list[Paragraph]) -> str:
    """Join paragraphs with blank lines, keeping a list's items on consecutive lines."""
    out: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        if paragraph.is_bullet:
            text = "• " + paragraph.bullet_text
            follows_bullet = index > 0 and paragraphs[index - 1].is_bullet
            out.append(("\n" if follows_bullet else "\n\n") + text)
        else:
            out.append("\n\n" + paragraph.text)
    return "".join(out).strip()
