"""Find other figures: staffing (FTE establishment against deployable), counts and percentages."""

import re

from .numbers import NUMBER, mentions_number, parse_number
from .text import Paragraph

_FTE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s+(?:full-time equivalent|FTE)\b", re.I)
_TEAM = re.compile(r"\b(?:its|the)\s+((?:[\w'-]+\s+){0,6}?team)\s+(?:should|had|has|was)\b", re.I)
_COUNTS = (
    # used these powers only 12 times in 2024
    re.compile(rf"(?P<drop>(?:\bonly\s+)?(?P<v>{NUMBER})\s+times)\b", re.I),
    # we saw nine examples in our case file reviews where ...
    re.compile(rf"\b(?:saw|found|identified)\s+(?P<v>{NUMBER})\s+examples\b", re.I),
)
_PERCENT = re.compile(r"(?<![\w.])(?P<v>\d+(?:\.\d+)?)\s*(?:percent|per cent|%)", re.I)
_LEAD = re.compile(
    r"^(?:(?:the constabulary|the force|it|we|they)\s+(?:also\s+)?(?:told us|found|saw|said)"
    r"(?:\s+that)?\s+|(?:and|but|also|however),?\s+)+",
    re.I,
)


def find_figures(paragraph: Paragraph, area: str) -> list[dict]:
    """Figures other than case-file shares that one paragraph states."""
    figures = []
    if not mentions_number(paragraph.key):
        return figures
    for sentence in paragraph.sentences:
        lower = sentence.key.casefold()
        if not mentions_number(lower):
            continue
        fte = _FTE.findall(sentence.key) if "fte" in lower or "full-time" in lower else []
        if len(fte) >= 2:
            team = _TEAM.search(sentence.key)
            name = _words(sentence.text[team.start(1) : team.end(1)]) if team else "staff"
            figures.append(
                _figure(
                    area,
                    f"{name.removeprefix('specialist ')} FTE: establishment vs deployable",
                    "fte",
                    sentence,
                    establishment=_decimal(fte[0]),
                    deployable=_decimal(fte[1]),
                )
            )
            continue
        for pattern in _COUNTS if " times" in lower or " examples" in lower else ():
            for match in pattern.finditer(sentence.key):
                start, end = match.span("drop" if "drop" in pattern.groupindex else "v")
                about = sentence.text[:start] + sentence.text[end:]
                value = parse_number(match.group("v"))
                figures.append(_figure(area, _clause(about), "count", sentence, value=value))
        has_percent = "%" in lower or "per cent" in lower or "percent" in lower
        for match in _PERCENT.finditer(sentence.key) if has_percent else ():
            about = _clause(sentence.text[match.end() :])
            value = _decimal(match.group("v"))
            figures.append(_figure(area, about, "percent", sentence, value=value))
    return figures


def _figure(area: str, about: str, kind: str, sentence: Paragraph, **values) -> dict:
    return {"area": area, "about": about, "kind": kind, **values, "sentence": sentence.text}


def _decimal(text: str) -> int | float:
    """A figure as written: 12 stays a whole number, 35.27 keeps its decimals."""
    return float(text) if "." in text else int(text)


def _clause(text: str) -> str:
    """The figure's own clause, shortened: 'officers used these powers in 2024'."""
    clause = re.split(r"[.;:]\s|,\s+(?:but|and|which|as)\s", " ".join(text.split()))[0]
    clause = _LEAD.sub("", clause.strip(" .,;")).strip()
    words = clause.split()
    return " ".join(words[:14]) + (" …" if len(words) > 14 else "")


def _words(text: str) -> str:
    return " ".join(text.split())
