"""Find case-file statistics: shares of audited cases, e.g. 'in 25 of 48 case files'.

Only a count out of a number of cases counts. Durations, ages, dates, staffing figures and
counts of examples never do, because each phrasing below needs cases, files or reports
around its numbers, or an earlier sentence saying how many were sampled.
"""

import re
from collections.abc import Iterator

from .numbers import NUMBER, count_numbers, mentions_number, parse_number
from .statistic_labels import CASES as _CASES
from .statistic_labels import label_text, statistic_label
from .text import Paragraph

_THE = r"(?:(?:the|our|these|those)\s+)?"
_N, _M = rf"(?P<n>{NUMBER})", rf"(?P<m>{NUMBER})"
# After the total: its cases within a few words, a closing bracket, or a bare 'all six,'.
_TAIL = re.compile(rf"(?P<noun>\s+(?:[\w'-]+\s+){{0,4}}?{_CASES}\b)|(?P<bare>\s*[,.;)])", re.I)
_FORMS = (
    # (name, a quick literal test, how many numbers it needs, the phrasing)
    # Of the nine instances when ..., seven were ...
    (
        "of_the_m",
        re.compile(r"^(?:and\s+|but\s+)?of\b", re.I),
        2,
        re.compile(rf"^(?:and\s+|but\s+)?of\s+{_THE}{_M}\b[^,.;]*,\s*{_N}", re.I),
    ),
    # In the six cases we examined, officers ... (all of them)
    (
        "in_the_m",
        re.compile(r"^(?:and\s+|but\s+)?in\s+the\b", re.I),
        1,
        re.compile(
            rf"^(?:and\s+|but\s+)?in\s+the\s+{_M}\s+(?:[\w'-]+\s+){{0,3}}?{_CASES}\s+"
            r"(?:that\s+)?we\s+(?:examined|reviewed|looked at|audited|sampled|assessed)\b",
            re.I,
        ),
    ),
    # 8 out of the 20 case files; (25 of 48); five of our six case file reviews
    (
        "n_of_m",
        re.compile(r"\bof\b", re.I),
        2,
        re.compile(rf"{_N}\s+(?:out\s+)?of\s+{_THE}{_M}", re.I),
    ),
    # None of the six case files
    ("none", re.compile(r"\bnone\s+of\b", re.I), 1, re.compile(rf"\bnone\s+of\s+{_THE}{_M}", re.I)),
    # in all six cases; In all six, ...
    ("all", re.compile(r"\ball\b", re.I), 1, re.compile(rf"\ball\s+(?:of\s+)?{_THE}{_M}", re.I)),
    # ten of these reports (after 'We sampled 19 ...')
    (
        "n_of_these",
        re.compile(r"\bof\s+(?:these|those|them)\b", re.I),
        1,
        re.compile(rf"{_N}\s+of\s+(?:these|those|them)\b", re.I),
    ),
)
_SAMPLED = (
    re.compile(
        r"\b(?:sampled|reviewed|examined|audited|looked at|checked|analysed|dip-sampled)\s+"
        rf"(?:a\s+(?:random\s+)?sample\s+of\s+)?{_M}",
        re.I,
    ),
    re.compile(rf"{_M}(?=\s+(?:[\w'-]+\s+){{0,3}}?{_CASES}\b)", re.I),
)
_SAMPLE_NOUN = re.compile(rf"{_M}\s+(?P<noun>(?:[\w'-]+\s+){{0,3}}?{_CASES})\b", re.I)
_WORSE = re.compile(
    r"\b(?:didn't|did not|hadn't|had not|wasn't|was not|weren't|were not|isn't|aren't|don't|"
    r"doesn't|haven't|not|no|never|poor(?:ly)?|absent|delays?|delayed|ineffective(?:ly)?|"
    r"fail(?:ed|s|ing)?|without|lack(?:ed|s|ing)?|victim-blaming|inappropriate(?:ly)?|missed|"
    r"unclear|insufficient(?:ly)?|inadequate(?:ly)?)\b",
    re.I,
)
_BETTER = re.compile(
    r"\b(?:good|well|effective(?:ly)?|appropriate(?:ly)?|pleased|recogni[sz]ed|completed|"
    r"prompt(?:ly)?|timely|thorough(?:ly)?|correctly|properly|recorded)\b",
    re.I,
)


def find_statistics(paragraph: Paragraph, area: str) -> tuple[list[dict], list[str]]:
    """Statistics stated in one paragraph, each with its sentence; and any doubts as warnings."""
    statistics, warnings = [], []
    if not mentions_number(paragraph.key):
        return statistics, warnings
    sentences = paragraph.sentences
    for index, sentence in enumerate(sentences):
        taken: list[tuple[int, int]] = []
        for numerator, denominator, span, noun, form in _shares(sentence.key, sentences[:index]):
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            taken.append(span)
            polarity = _polarity(sentence.key)
            if not polarity:
                polarity = "better"
                warnings.append(
                    f"Whether more is better or worse was guessed (better) for {numerator} of "
                    f"{denominator} in: “{sentence.text}”"
                )
            statistics.append(
                {
                    "area": area,
                    "numerator": numerator,
                    "denominator": denominator,
                    "about": label_text(*statistic_label(sentence, span, noun, form)),
                    "polarity": polarity,
                    "sentence": sentence.text,
                }
            )
    return statistics, warnings


def _shares(
    key: str, earlier: list[Paragraph]
) -> Iterator[tuple[int, int, tuple[int, int], str, str]]:
    """(numerator, denominator, span, cases noun, phrasing) for each share the sentence states."""
    numbers = count_numbers(key)
    for form, quick_test, needs, pattern in _FORMS:
        if numbers < needs or not quick_test.search(key):
            continue
        for match in pattern.finditer(key):
            groups = match.groupdict()
            total = parse_number(groups["m"]) if groups.get("m") else None
            counted = parse_number(groups["n"]) if groups.get("n") else None
            noun = ""
            if form in ("n_of_m", "none", "all"):
                tail = _TAIL.match(key, match.end())
                if tail is None:
                    continue
                noun = (tail.group("noun") or "").strip()
                if not noun and tail.group("bare").strip() != ")":
                    if total not in _sample_sizes(earlier):
                        continue  # a bare 'all six' needs the six said before
                    noun = _sample_noun(earlier, total)
            if form == "n_of_these":
                sizes = [s for s in _sample_sizes(earlier) if counted is not None and s >= counted]
                if not sizes:
                    continue
                total = sizes[-1]
                noun = _sample_noun(earlier, total)
            if form in ("all", "in_the_m"):
                counted = total
            if form == "none":
                counted = 0
            if total is None or counted is None or not 0 <= counted <= total or total < 2:
                continue
            yield counted, total, match.span(), noun, form


def _sample_sizes(earlier: list[Paragraph]) -> list[int]:
    """How many cases earlier sentences say were looked at: 'We sampled 19 reports'."""
    sizes = []
    for sentence in earlier:
        for pattern in _SAMPLED:
            for match in pattern.finditer(sentence.key):
                sizes.append(parse_number(match.group("m")))
    return sizes


def _sample_noun(earlier: list[Paragraph], size: int) -> str:
    """The cases an earlier sentence says were looked at: 'missing children reports' in 'We
    sampled 19 missing children reports', or '' if it names none."""
    for sentence in reversed(earlier):
        for match in _SAMPLE_NOUN.finditer(sentence.key):
            if parse_number(match.group("m")) == size:
                return match.group("noun")
    return ""


def _polarity(key: str) -> str:
    """'worse' when the cases counted show a failing, 'better' when they show good work."""
    if _WORSE.search(key):
        return "worse"
    return "better" if _BETTER.search(key) else ""
