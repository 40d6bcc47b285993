"""The formula guard every CSV and Excel download shares (OWASP's advice on CSV injection)."""

import datetime
from decimal import Decimal

import pytest

from inspections.spreadsheets import csv_cell, starts_a_formula

# Text a spreadsheet could run: each of OWASP's starts, after spaces, and in full-width form.
FORMULAS = {
    "equals": '=HYPERLINK("https://evil.example/","click")',
    "plus": "+1+2",
    "minus": "-2+3",
    "at": "@SUM(A1)",
    "semicolon": ";=1+2",
    "tab": "\tx",
    "carriage return": "\r=1+2",
    "line feed": "\n=1+2",
    "space first": " =1+2",
    "spaces and a tab first": "  \t@SUM(A1)",
    "full-width equals": "＝1+2",
    "full-width plus": "＋1+2",
    "full-width minus": "－1+2",
    "full-width at": "＠SUM(A1)",
    "full-width semicolon": "；=1+2",
    "ideographic space first": "\u3000＝1+2",
}


@pytest.mark.parametrize("text", FORMULAS.values(), ids=FORMULAS)
def test_text_that_could_run_as_a_formula_is_quoted(text):
    assert starts_a_formula(text)
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["-3", "+44", "-2.5", ".5", "-1e-05", "12"])
def test_a_number_written_as_text_stays_a_number(text):
    assert not starts_a_formula(text)
    assert csv_cell(text) == text


@pytest.mark.parametrize("text", ["Plan agreed", "x=1", "A-B", "", " "])
def test_other_text_is_written_as_it_is(text):
    assert csv_cell(text) == text


def test_numbers_dates_and_blanks_are_written_plainly():
    assert [csv_cell(v) for v in (-3, -0.5, Decimal("-1.50"), None)] == ["-3", "-0.5", "-1.50", ""]
    assert csv_cell(datetime.date(2025, 7, 1)) == "2025-07-01"
    assert csv_cell(datetime.datetime(2025, 7, 1, 9, 30)) == "2025-07-01 09:30"
