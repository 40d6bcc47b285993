"""What a report announces (three causes of concern, eight graded areas) is checked against what
was read, and any difference is a warning wherever the record goes."""

import importlib.util
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from inspections.importer.parse import parse_report

_spec = importlib.util.spec_from_file_location(
    "importer_variants", Path(__file__).with_name("test_importer_variants.py")
)
variants = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(variants)

REPORT = (
    Path(__file__).resolve().parent.parent / "data" / "gloucestershire-2025-ncpi.txt"
).read_text(encoding="utf-8")


def _without_the_last_cause_of_concern(text: str) -> str:
    start = text.rindex("Cause of concern\n")
    end = text.index("Main findings", start)
    return text[:start] + text[end:]


def _announcing(sentence: str) -> str:
    return variants._report().replace("has work to do.", f"has work to do. {sentence}")


def test_the_real_report_announces_what_was_found():
    assert not any("announces" in w for w in parse_report(REPORT)["warnings"])


def test_a_missed_cause_of_concern_is_warned_of():
    record = parse_report(_without_the_last_cause_of_concern(REPORT))
    assert len(record["causes_of_concern"]) == 2
    (warning,) = [w for w in record["warnings"] if "announces" in w]
    assert warning.startswith("The report announces 3 causes of concern but 2 were found")
    assert "I have identified three causes of concern" in warning


@pytest.mark.parametrize(
    ("sentence", "said", "what"),
    [
        ("I have identified two causes of concern.", 2, "causes of concern"),
        ("I have identified 4 causes of concern.", 4, "causes of concern"),
        ("We found three areas for improvement.", 3, "areas for improvement"),
        ("We make graded judgments in four of these five areas.", 4, "graded judgments"),
        (
            "We made graded judgments in eight of these nine areas as follows:",
            8,
            "graded judgments",
        ),
    ],
)
def test_an_announced_count_in_words_or_digits_is_checked(sentence, said, what):
    record = parse_report(_announcing(sentence))
    assert any(w.startswith(f"The report announces {said} {what} but") for w in record["warnings"])


@pytest.mark.parametrize(
    "sentence",
    [
        "I have identified a cause of concern.",
        "We found one area for improvement.",
        "We make graded judgments in five of these five areas.",
    ],
)
def test_a_count_that_agrees_gives_no_warning(sentence):
    assert not any("announces" in w for w in parse_report(_announcing(sentence))["warnings"])


@pytest.mark.django_db
def test_the_warning_is_in_the_json_and_the_commands_output(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(_without_the_last_cause_of_concern(REPORT), encoding="utf-8")
    out = StringIO()
    call_command(
        "import_report", str(path), "--format", "json", "--dry-run", stdout=out, stderr=StringIO()
    )
    assert any("announces 3 causes of concern" in w for w in json.loads(out.getvalue())["warnings"])
    out = StringIO()
    call_command("import_report", str(path), "--dry-run", stdout=out, stderr=StringIO())
    assert "Warning: The report announces 3 causes of concern but 2 were found" in out.getvalue()
