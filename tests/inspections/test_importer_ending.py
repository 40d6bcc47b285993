"""A file holding more than one report, or text after the report's end: only the report is read,
and a warning names what was ignored."""

from pathlib import Path

import pytest

from inspections.importer.parse import parse_report

REPORT = (
    Path(__file__).resolve().parent.parent / "data" / "gloucestershire-2025-ncpi.txt"
).read_text(encoding="utf-8")
ALONE = parse_report(REPORT)


def _ignored(record: dict) -> list[str]:
    return [w for w in record["warnings"] if "ignored" in w]


def test_the_report_alone_ignores_nothing():
    assert _ignored(ALONE) == []


def test_a_file_of_the_report_repeated_reads_the_first_copy_and_names_the_rest():
    record = parse_report("\n".join([REPORT] * 4))
    (warning,) = _ignored(record)
    assert "more than one report" in warning
    assert "3 more reports" in warning
    assert "“Gloucestershire Constabulary: National child protection inspection”" in warning
    assert {**record, "warnings": []} == {**ALONE, "warnings": []}


def test_a_second_report_of_another_force_is_named_and_not_read():
    other = REPORT.replace("Gloucestershire", "Wiltshire").replace("21 May 2025", "2 June 2025")
    record = parse_report(REPORT + "\n" + other)
    (warning,) = _ignored(record)
    assert "1 more report (" in warning and "Wiltshire" not in str({**record, "warnings": []})
    assert "“Wiltshire Constabulary: National child protection inspection”" in warning
    assert record["published"] == "2025-05-21"


def test_text_after_the_reports_end_is_named():
    record = parse_report(
        REPORT + "\nNotes from the uploader\nThese notes are mine. They are not the report's.\n"
    )
    (warning,) = _ignored(record)
    assert warning == "2 lines after the report's end were ignored, from “Notes from the uploader”."


@pytest.mark.parametrize(
    "end_matter",
    [
        "Annex A\nThe case files we reviewed are listed here.",
        "About the data\nData in this report comes from a range of sources.",
        "Glossary\nCOMPACT: the missing persons system.",
        "© Crown copyright\nhttps://hmicfrs.justiceinspectorates.gov.uk/publications/x\n20/20",
        "A stray heading",
    ],
)
def test_the_reports_own_end_matter_is_not_warned_of(end_matter):
    assert _ignored(parse_report(REPORT + "\n" + end_matter + "\n")) == []
