"""Turn an inspection report's text into the importer's record.

What differs between programmes (titles, headings, area names, grade sentences) is the
programme's data in fixtures/programmes.json; the report's title says which programme it is.
"""

import re

from . import front
from .crosscheck import announced_count_warnings
from .ending import (
    more_reports_warning,
    next_report_start,
    trailing_text,
    trailing_text_warning,
)
from .errors import ReportError
from .findings import read_findings
from .grade_tables import TableGrades, grades_from_tables
from .judgments import combine_grades, section_grade, summary_grades
from .measures import find_measure
from .other_figures import find_figures
from .outcomes import case_study_outcome
from .reference import Programme, load_programmes
from .sections import Section, find_sections
from .statistics import find_statistics
from .text import Paragraph, join_body, split_paragraphs
from .themes import DEFAULT_THEME_TERMS, tag_themes

_FINDING_KINDS = (
    "causes_of_concern",
    "areas_for_improvement",
    "main_findings",
    "case_studies",
    "promising_practice",
)


def parse_report(
    text: str, *, themes: dict[str, list[str]] | None = None, reference: dict | None = None
) -> dict:
    """Read the report's text into a record shaped like fixtures/inspections/*.json.

    `reference` is programmes.json's content (the fixture when not given); `themes` maps theme
    slugs to the terms that tag a finding. What could not be read is said in "warnings".
    Raises ReportError for text that is not a report of a programme the data describes.
    """
    everything = split_paragraphs(text)
    if not everything:
        raise ReportError("The report has no text to read.")
    programmes = load_programmes(reference)
    title_index, force, programme = front.find_title(everything, programmes)
    paragraphs = everything[title_index + 1 :]
    beyond = []  # what lies past the report's end: never read, always named
    another = next_report_start(paragraphs, programmes, programme)
    if another is not None:
        beyond.append(more_reports_warning(paragraphs[another:], programmes, programme))
        paragraphs = paragraphs[:another]
    sections, end = find_sections(paragraphs, programme)
    if sections and (ignored := trailing_text(paragraphs[end:], programmes)):
        beyond.insert(0, trailing_text_warning(ignored))
    opening = paragraphs[: sections[0].start] if sections else paragraphs
    judgments_part = _judgments_part(opening, programme)
    summary = _summary_paragraphs(judgments_part, programme)
    force = force or front.force_in(" ".join(p.text for p in summary))

    facts, warnings = _front_matter(everything, opening, paragraphs[end:], programme)
    if not force:
        warnings.append("No force was named in the title or the summary; enter it by hand.")
    record = {
        "force": force,
        "programme": programme.name,
        "status": "draft",
        "published": facts["published"],
        "hm_inspector": facts["hm_inspector"],
        "report_url": "",
        "action_plan_due": facts["action_plan_due"],
        "summary": join_body(summary),
        "hm_inspector_summary": facts["hm_inspector_summary"],
        "judgments": {},
        "judgment_sentences": {},
        **{kind: [] for kind in _FINDING_KINDS},
        "case_file_statistics": [],
        "other_figures": [],
    }
    from_summary, doubts = summary_grades(summary, programme)
    doubts += _add_table_grades(from_summary, grades_from_tables(paragraphs, programme), programme)
    stated = _read_sections(sections, programme, record, warnings, from_summary)
    by_area = {section.area: section for section in sections}
    judgments, sentences, disagreements = combine_grades(from_summary, stated, by_area, programme)
    record["judgments"], record["judgment_sentences"] = judgments, sentences
    warnings += doubts + disagreements
    warnings += _finish_findings(record, DEFAULT_THEME_TERMS if themes is None else themes)
    warnings += announced_count_warnings(opening, record, programme.announced_count)
    warnings += beyond
    if not record["promising_practice"]:
        del record["promising_practice"]  # kept only when the report has some
    record["warnings"] = warnings
    return record


def _front_matter(
    everything: list[Paragraph],
    opening: list[Paragraph],
    closing: list[Paragraph],
    programme: Programme,
) -> tuple[dict, list[str]]:
    """Publication date, inspector, the inspector's summary and the action plan deadline."""
    warnings = []
    published = front.find_published(everything)
    if published is None:
        warnings.append("No publication date ('Published on: …') was found.")
    hm_summary, hm_inspector = front.split_inspector_summary(
        opening, programme.heading("hm_summary")
    )
    if not hm_inspector:
        warnings.append("No HM Inspector's name was found above 'HM Inspector of Constabulary'.")
    due = front.action_plan_due(closing, published) if published else None
    if published and due is None and programme.states_action_plan_deadline:
        warnings.append("No action plan deadline ('within eight weeks') was found.")
    facts = {
        "published": published.isoformat() if published else "",
        "hm_inspector": hm_inspector,
        "action_plan_due": due.isoformat() if due else "",
        "hm_inspector_summary": hm_summary,
    }
    return facts, warnings


def _read_sections(
    sections: list[Section],
    programme: Programme,
    record: dict,
    warnings: list[str],
    summary: dict[str, tuple[str, str]],
) -> dict[str, tuple[str, str] | None]:
    """Add each section's findings and figures to the record; return the grades they state.

    Where a section's opening states more than one grade ('it was good; it is now adequate'),
    the one the summary or grades table gives is taken.
    """
    stated = {}
    for section in sections:
        area = programme.findings_under.get(section.area, section.area)
        found = read_findings(section, programme, area)
        if section.area in programme.areas:
            expected = summary.get(section.area, ("", ""))[0]
            stated[section.area] = section_grade(
                found.opening, programme, section.heading, expected=expected
            )
        else:
            warnings += _filed_under(section, area, found, programme)
        for kind in _FINDING_KINDS:
            record[kind] += getattr(found, kind)
        for paragraph in section.paragraphs:
            statistics, doubts = find_statistics(paragraph, area)
            record["case_file_statistics"] += [_measured(s, programme) for s in statistics]
            record["other_figures"] += find_figures(paragraph, area)
            warnings += doubts
        warnings += found.warnings
    missing = [programme.area_name(area) for area in programme.areas if area not in stated]
    warnings += [f"No “{name}” section was found in the report." for name in missing]
    return stated


def _add_table_grades(
    summary: dict[str, tuple[str, str]], tables: TableGrades, programme: Programme
) -> list[str]:
    """Add the grades the tables give to the summary's; where both grade an area, they must
    agree, and the summary's sentence is kept."""
    warnings = list(tables.warnings)
    for area, (grade, words) in tables.grades.items():
        said = summary.setdefault(area, (grade, words))
        if said[0] != grade:
            warnings.append(
                f"The summary grades “{programme.area_name(area)}” {said[0].replace('_', ' ')} "
                f"but the grades table says {grade.replace('_', ' ')}; the summary's was kept."
            )
    return warnings


def _measured(statistic: dict, programme: Programme) -> dict:
    """Add the shared measure the statistic counts, when it is clear which one."""
    measure = find_measure(statistic, list(programme.measures))
    if not measure:
        return statistic
    items = list(statistic.items())
    return dict(items[:4] + [("measure", measure)] + items[4:])


def _filed_under(section, area: str, found, programme: Programme) -> list[str]:
    """Say where the findings of an ungraded section (the service to victims) were filed."""
    count = sum(len(getattr(found, kind)) for kind in _FINDING_KINDS)
    if not count:
        return []
    return [
        f"“{programme.area_name(section.area)}” is not graded: its {count} finding(s) were "
        f"filed under “{programme.area_name(area)}”; change their area if another fits better."
    ]


def _judgments_part(opening: list[Paragraph], programme: Programme) -> list[Paragraph]:
    """From 'Our judgments' to the next summary heading; the whole opening if there is none."""
    start = next(
        (i for i, p in enumerate(opening) if p.is_line(programme.heading("judgments"))), None
    )
    if start is None:
        return opening
    ends = (programme.heading("hm_summary"), programme.heading("overall_summary"))
    stop = next(
        (i for i in range(start + 1, len(opening)) if any(opening[i].is_line(h) for h in ends)),
        len(opening),
    )
    return opening[start + 1 : stop]


def _summary_paragraphs(part: list[Paragraph], programme: Programme) -> list[Paragraph]:
    """The summary's paragraphs that state grades: 'X is adequate at working with …'.

    Where grades are given only in a table, the judgments' own sentences, without the table.
    """
    grade_at = re.compile(rf"\b(?:{programme.grade_pattern})\s+{programme.after_pattern}\s", re.I)
    stating = [p for p in part if not p.is_heading and grade_at.search(p.key)]
    return stating or [p for p in part if not p.is_heading and "\t" not in p.text]


def _finish_findings(record: dict, themes: dict[str, list[str]]) -> list[str]:
    """Add each finding's themes, and each case study's outcome."""
    warnings = []
    for kind in _FINDING_KINDS:
        for item in record[kind]:
            if kind == "case_studies":
                item["outcome"] = case_study_outcome(item["title"], item["body"])
                if not item["outcome"]:
                    warnings.append(
                        f"Whether the case study “{item['title']}” shows a good or a poor "
                        "service is unclear: its outcome was left blank."
                    )
            words = " ".join([item["title"], item["body"], *item.get("recommendations", [])])
            item["themes"] = tag_themes(words, themes)
    return warnings
