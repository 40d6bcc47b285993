"""Grades given only in a table are read, in either of the inspectorate's layouts."""

import html
import importlib.util
from pathlib import Path

import pytest

from inspections.importer.grade_tables import read_grade_table
from inspections.importer.html_text import html_text
from inspections.importer.parse import parse_report
from inspections.importer.reference import load_programme

_spec = importlib.util.spec_from_file_location(
    "importer_variants", Path(__file__).with_name("test_importer_variants.py")
)
variants = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(variants)

GRADES = variants.GRADES
NCPI = load_programme()

# One column per grade, the areas listed under it (short, long and alias wordings mixed).
BY_GRADE_COLUMN = [
    ["Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"],
    [
        "",
        "Partnership",
        "Responding to children at risk of harm",
        "Assessing risk and making referrals",
        "Leading child protection arrangements; Investigation",
    ],
]
# One row per area with its grade.
BY_AREA_ROW = [
    ["Area", "Grade"],
    ["Leadership of child protection arrangements", "Inadequate"],
    ["Working with safeguarding partners", "Good"],
    ["Initial response", "Adequate"],
    ["Assessing risk to children and making appropriate referrals", "Requires improvement"],
    ["Investigating child abuse, neglect and exploitation", "Inadequate"],
]


def _graded(rows: list[list[str]]) -> dict[str, str]:
    return {area: grade for area, grade, _ in read_grade_table(rows, NCPI)}


@pytest.mark.parametrize("rows", [BY_GRADE_COLUMN, BY_AREA_ROW], ids=["columns", "rows"])
def test_both_layouts_give_every_grade(rows):
    assert _graded(rows) == GRADES


def test_a_column_may_hold_one_area_a_row():
    rows = [
        ["Good", "Adequate", "Requires improvement", "Inadequate"],
        ["Partnership", "Initial response", "Risk and referral", "Leadership"],
        ["", "", "", "Investigating reports of abuse, neglect and exploitation of children"],
    ]
    assert _graded(rows) == GRADES


def test_a_row_per_grade_may_list_its_areas():
    rows = [
        ["Inadequate", "Leadership, Investigation"],
        ["Good", "Working with safeguarding partners"],
        ["Adequate", "Responding to children at risk of harm"],
        ["Requires improvement", "Assessing risk and making referrals"],
    ]
    assert _graded(rows) == GRADES


def test_a_header_of_areas_over_a_row_of_grades_is_read():
    transposed = [list(column) for column in zip(*BY_AREA_ROW[1:], strict=True)]
    assert _graded(transposed) == GRADES


def test_a_table_of_other_figures_gives_no_grade():
    rows = [["Measure", "Number"], ["Case files audited", "48"], ["Referrals", "12"]]
    assert read_grade_table(rows, NCPI) == []


def test_a_web_page_table_becomes_tab_separated_rows_between_blank_lines():
    page = (
        "<p>Our graded judgments are as follows:</p><table><thead><tr><th>Good</th>"
        "<th>Inadequate</th></tr></thead><tbody><tr><td><p>Partnership</p></td><td><ul>"
        "<li>Leadership</li><li>Investigation</li></ul></td></tr><tr><td></td><td><img "
        "alt='Inadequate'></td></tr></tbody></table><p>After the table.</p>"
    )
    assert html_text(page).split("\n") == [
        "Our graded judgments are as follows:",
        "",
        "Good\tInadequate",
        "Partnership\tLeadership; Investigation",
        "\tInadequate",
        "",
        "After the table.",
    ]


def _without_grade_sentences(table: str) -> str:
    """The synthetic report with its grades only in the table that replaces the summary."""
    text = variants._report(
        summary="Our graded judgments are as follows:\n" + table,
        leadership="is described below",
        partnership="works",
        initial_response="Officers respond to most calls.",
    )
    return text.replace("requires improvement at", "works at").replace(
        "is inadequate at", "works at"
    )


def _as_page(text: str) -> str:
    """The text as a web page, a table for each run of tab-separated lines."""
    body, rows = [], []
    for line in [*text.split("\n"), ""]:
        if "\t" in line:
            cells = "".join(f"<td>{html.escape(c)}</td>" for c in line.split("\t"))
            rows.append(f"<tr>{cells}</tr>")
            continue
        if rows:
            body.append(f"<table><tbody>{''.join(rows)}</tbody></table>")
            rows = []
        if line.strip():
            body.append(f"<p>{html.escape(line)}</p>")
    return f"<html><body><main>{''.join(body)}</main></body></html>"


@pytest.mark.parametrize("rows", [BY_GRADE_COLUMN, BY_AREA_ROW], ids=["columns", "rows"])
@pytest.mark.parametrize("as_page", [False, True], ids=["text", "html"])
def test_a_report_with_grades_only_in_a_table_gets_all_five(rows, as_page):
    text = _without_grade_sentences("\n".join("\t".join(cells) for cells in rows))
    if as_page:
        text = html_text(_as_page(text))
    record = parse_report(text)
    assert record["judgments"] == GRADES
    assert not any("states no graded judgments" in w for w in record["warnings"])
    assert all(record["judgment_sentences"][area] for area in GRADES)


def test_a_table_that_disagrees_with_the_summary_is_warned_of():
    table = "Area\tGrade\nWorking with safeguarding partners\tInadequate"
    text = variants._report(summary=variants.SUMMARY + "\n" + table)
    record = parse_report(text)
    assert any(
        "grades table says inadequate" in w and "Working with safeguarding partners" in w
        for w in record["warnings"]
    )


def test_a_page_with_neither_grade_sentences_nor_a_grades_table_gets_no_grade():
    table = "Measure\tNumber\nCase files audited\t48"
    text = html_text(_as_page(_without_grade_sentences(table)))
    record = parse_report(text)
    assert record["judgments"] == {}
    assert any("states no graded judgments" in w for w in record["warnings"])


@pytest.mark.parametrize(
    "table",
    [
        "Good\tInadequate\nPartnership\tLeadership; Investigation\nCustody\t",
        "Area\tGrade\nWorking with safeguarding partners\tGood\nCustody arrangements\tInadequate",
    ],
    ids=["columns", "rows"],
)
def test_a_grade_given_to_no_known_area_is_named_not_dropped(table):
    record = parse_report(_without_grade_sentences(table))
    assert record["judgments"]["partnership"] == "good"
    assert any(
        w.startswith("The grades table gives “Custody") and "matches none" in w
        for w in record["warnings"]
    )


@pytest.mark.parametrize("cell", ["Good", "Grade: Good", "Graded as good", "good.", "Good (G)"])
def test_a_grade_cell_may_wrap_its_grade(cell):
    assert _graded([["Working with safeguarding partners", cell]]) == {"partnership": "good"}
