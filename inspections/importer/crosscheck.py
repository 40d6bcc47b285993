"""Check what the report says it holds ('I have identified three causes of concern') against
what was read from it, so that a finding the parser missed is never lost without a word."""

import re

from .numbers import NUMBER, parse_number
from .text import Paragraph

# "identified three causes of concern", "two areas for improvement", "a cause of concern"
_FINDINGS = re.compile(
    rf"\b(?P<n>{NUMBER}|an?)\s+(?:new\s+|further\s+|separate\s+)?"
    r"(?P<kind>causes?\s+of\s+concern|areas?\s+for\s+improvement)\b",
    re.I,
)
# "graded judgments in eight of these nine areas", "We make graded judgments in nine of these ten"
_GRADED = re.compile(
    rf"\bgraded\s+judgments?\s+(?:in|on|for|about)\s+(?P<graded>{NUMBER})"
    rf"(?:\s+of\s+(?:these|the|our)\s+{NUMBER})?(?:\s+areas)?\b",
    re.I,
)
_KINDS = {"cause": "causes_of_concern", "area": "areas_for_improvement"}
_WORDS = {
    "causes_of_concern": "causes of concern",
    "areas_for_improvement": "areas for improvement",
}


def announced_count_warnings(
    paragraphs: list[Paragraph], record: dict, graded: re.Pattern | None = None
) -> list[str]:
    """Warn where the report announces a number of findings or grades that differs from what
    was found; the first announcement of each kind counts.

    `graded` is the programme's own wording of the graded count, its number in group "graded";
    without one, the common wording "graded judgments in eight of these nine areas" is read.
    """
    graded = graded or _GRADED
    announced: dict[str, tuple[int, str]] = {}
    for paragraph in paragraphs:
        folded = paragraph.key.casefold()
        if "concern" not in folded and "improvement" not in folded:
            if not graded.search(paragraph.key):
                continue  # most paragraphs: skip splitting them into sentences
        for sentence in paragraph.sentences:
            for match in _FINDINGS.finditer(sentence.key):
                key = _KINDS[match.group("kind").split()[0].casefold().rstrip("s")]
                announced.setdefault(key, (_count(match.group("n")), sentence.text))
            match = graded.search(sentence.key)
            if match:
                announced.setdefault("judgments", (_count(match.group("graded")), sentence.text))
    warnings = []
    for key, (said, sentence) in announced.items():
        found = len(record.get(key) or ())
        if said is not None and said != found:
            what = _WORDS.get(key, "graded judgments")
            warnings.append(
                f"The report announces {said} {what} but {found} were found: check for one "
                f"missed or read twice. The report says: “{sentence}”"
            )
    return warnings


def _count(words: str) -> int | None:
    return 1 if words.casefold() in ("a", "an") else parse_number(words)
