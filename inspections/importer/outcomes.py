"""Decide whether a case study shows a good or a poor service."""

import re

from .text import fold

_POOR = re.compile(
    r"\b(?:poor(?:ly)?|didn't|did not|ineffective(?:ly)?|fail(?:ed|s|ing)?|inadequate(?:ly)?|"
    r"delay(?:s|ed)?|wasn't|weren't|not|no|unsafe|missed)\b",
    re.I,
)
_GOOD = re.compile(
    r"\b(?:good|effective(?:ly)?|prompt(?:ly)?|well|thorough(?:ly)?|child-centred|"
    r"appropriate(?:ly)?|timely|positive(?:ly)?|excellent|promising)\b",
    re.I,
)


def case_study_outcome(title: str, body: str) -> str:
    """'good' or 'poor' from the title's words, else from clearly one-sided body text; else ''.

    A failing word in the title decides alone: 'didn't carry out a prompt risk assessment'
    negates its good words.
    """
    if _POOR.search(fold(title)):
        return "poor"
    return _side(fold(title), margin=1) or _side(fold(body), margin=3)


def _side(text: str, *, margin: int) -> str:
    poor, good = len(_POOR.findall(text)), len(_GOOD.findall(text))
    if poor - good >= margin:
        return "poor"
    if good - poor >= margin:
        return "good"
    return ""
