"""Cells for the CSV and Excel downloads: no text in them is ever run as a formula.

Spreadsheet software runs a cell as a formula when its text starts, after any spaces, with
= + - @ or, in some locales, ; (each also in its full-width form, as typed with an East Asian
keyboard), or with a tab or line break that hides what follows. OWASP's advice on CSV injection
is followed: such text is written after a single quote, which makes it plain text. A number,
written as one ("-3", "+44", "2.5e-3"), is left alone: it is data, not a formula.
"""

import datetime
import re
from decimal import Decimal

FORMULA_STARTS = frozenset("=+-@;\t\r\n＝＋－＠；")
_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


def starts_a_formula(text: str) -> bool:
    """Whether a spreadsheet could take the text for a formula."""
    if _NUMBER.fullmatch(text):
        return False
    return text[:1] in FORMULA_STARTS or text.lstrip()[:1] in FORMULA_STARTS


def csv_cell(value) -> str:
    """A value as CSV text: blank for None, numbers and dates plainly, text defused."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    return f"'{text}" if starts_a_formula(text) else text


def defuse_xlsx_cell(cell) -> None:
    """Keep an openpyxl cell's text as text: stored as a string, never as a formula, and marked
    with Excel's own leading quote (shown as the text alone) where it looks like one, so that
    editing the cell does not run it either."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if starts_a_formula(cell.value):
            cell.quotePrefix = True
