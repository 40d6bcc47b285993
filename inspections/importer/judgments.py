"""Read the graded judgments, from the summary and from each area section's own sentence."""

import re

from .reference import Programme
from .sections import Section
from .text import Paragraph

_CONNECTIVES = re.compile(r"(?:[\s,;]+|\b(?:and|but|while|whereas|it|is|are)\b)+$", re.I)
_LIST_SEPARATOR = re.compile(r"(,\s+and\s+|,\s+|\s+and\s+)", re.I)


def summary_grades(
    paragraphs: list[Paragraph], programme: Programme
) -> tuple[dict[str, tuple[str, str]], list[str]]:
    """Grades the summary gives: 'X is adequate at A. It is inadequate at B, C and D.'

    Returns area → (grade, sentence), and warnings for wording matched to no area.
    """
    grade_at = re.compile(rf"\b({programme.grade_pattern})\s+{programme.after_pattern}\s+", re.I)
    grades: dict[str, tuple[str, str]] = {}
    warnings = []
    for paragraph in paragraphs:
        for sentence in paragraph.sentences:
            matches = list(grade_at.finditer(sentence.key))
            for position, match in enumerate(matches):
                stop = matches[position + 1].start() if position + 1 < len(matches) else None
                listed = _CONNECTIVES.sub("", sentence.key[match.end() : stop].rstrip(". "))
                areas, unmatched = _areas_listed(listed, programme)
                grade = programme.grade_slug(match.group(1))
                grades |= {area: (grade, sentence.text) for area in areas}
                if unmatched:
                    warnings.append(
                        f"The summary's “{unmatched}” matches none of the programme's areas."
                    )
    return grades, warnings


def section_grade(
    opening: list[Paragraph],
    programme: Programme,
    heading: Paragraph | None = None,
    *,
    expected: str = "",
) -> tuple[str, str] | None:
    """The grade a section states in its first paragraphs, with the sentence that states it.

    A grade shown on its own line under the heading, or after it ('Investigating crime: Good'),
    as web pages show it, counts too; the sentence is then the one that agrees with it, if any.
    Of several grades stated, the first is taken, unless one is the grade `expected`.
    """
    stated = re.compile(
        rf"\b{programme.before_pattern}\s+(?:(?:now|still|also|\w+ly)\s+)?"
        rf"({programme.grade_pattern})\b"
        rf"|\b(requires?\s+improvement)\b",
        re.I,
    )
    alone = re.compile(rf"(?:grade\s*:?\s*)?(?P<grade>{programme.grade_pattern})", re.I)
    after = re.compile(rf".*?(?:\s*:|\s-|\s)\s*(?P<grade>{programme.grade_pattern})", re.I)
    shown = None  # (grade, the line that shows it)
    lines = [p for p in opening[:3] if p.is_heading and p.is_line(alone)][:1]
    line, pattern = (lines[0], alone) if lines else (heading, after)
    match = pattern.fullmatch(line.key.rstrip(" :.")) if line else None
    if match:
        shown = programme.grade_slug(match.group("grade")), line.text
    found = []
    for paragraph in [p for p in opening[:3] if p not in lines][:2]:
        for sentence in paragraph.sentences:
            match = stated.search(sentence.key)
            if match:
                grade = programme.grade_slug(match.group(1) or match.group(2))
                if shown is None or grade == shown[0]:
                    found.append((grade, sentence.text))
    found = found or ([shown] if shown else [])
    return next((f for f in found if f[0] == expected), found[0] if found else None)


def combine_grades(
    summary: dict[str, tuple[str, str]],
    stated: dict[str, tuple[str, str] | None],
    sections: dict[str, Section],
    programme: Programme,
) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """One grade per area: the section's own, else the summary's; never a guessed one."""
    judgments, sentences, warnings = {}, {}, []
    if not summary and not any(stated.values()):
        warnings.append(
            "The report's text states no graded judgments (they may be shown only as images): "
            "no grades were recorded; enter them by hand."
        )
        return judgments, sentences, warnings
    for area in programme.areas:
        name = programme.area_name(area)
        from_section, from_summary = stated.get(area), summary.get(area)
        chosen = from_section or from_summary
        if chosen is None:
            warnings.append(f"No grade was found for “{name}”; none was recorded.")
            continue
        judgments[area], sentences[area] = chosen
        if from_section and from_summary and from_section[0] != from_summary[0]:
            warnings.append(
                f"The summary grades “{name}” {_words(from_summary[0])} but its section says "
                f"{_words(from_section[0])}; the section's grade was used. "
                f"Summary: “{from_summary[1]}” Section: “{from_section[1]}”"
            )
        elif area in sections and not from_section:
            warnings.append(
                f"The “{name}” section states no grade; the summary's "
                f"{_words(from_summary[0])} was used."
            )
    return judgments, sentences, warnings


def _areas_listed(listed: str, programme: Programme) -> tuple[list[str], str]:
    """Areas named in 'A, B and C', where an area's own wording may hold commas and 'and'."""
    parts = _LIST_SEPARATOR.split(listed)
    pieces, separators = parts[0::2], parts[1::2]
    areas, start = [], 0
    while start < len(pieces):
        best = (0.0, 0, "")  # the closest match wins; on a tie, the one over more pieces
        for stop in range(start, len(pieces)):
            phrase = pieces[start] + "".join(
                separators[i] + pieces[i + 1] for i in range(start, stop)
            )
            area, score = programme.closest_area(phrase)
            if score >= max(best[0], 0.75):
                best = (score, stop, area)
        if not best[2]:
            rest = pieces[start] + "".join(
                separators[i] + pieces[i + 1] for i in range(start, len(pieces) - 1)
            )
            return areas, rest
        areas.append(best[2])
        start = best[1] + 1
    return areas, ""


def _words(grade: str) -> str:
    return grade.replace("_", " ")
