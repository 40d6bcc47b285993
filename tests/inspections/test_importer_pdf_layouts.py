"""A report PDF is read by its layout: the Gloucestershire report made into PDFs as publishers
and browsers make them gives the same record as its text, and tables come out as rows."""

import io
import os
from collections import Counter

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from inspections.importer.parse import parse_report
from inspections.importer.read import read_report
from inspections.importer.text import fold
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, NO_CHROMIUM
from tests.inspections import pdf_layouts
from tests.inspections.test_importer_gloucestershire import GOLD, REPORT, _as_html, _same
from tests.skipping import required

BROKEN = pdf_layouts.item_starting(REPORT, pdf_layouts.BROKEN)  # the item broken over a page


def _plain(value):
    """The record with every text folded and its spaces normalised, so that a PDF drawn in
    fonts without non-breaking hyphens or thin spaces compares equal."""
    if isinstance(value, str):
        return _same(fold(value))
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


@pytest.fixture(scope="session")
def text_record() -> dict:
    return _plain(parse_report(read_report(REPORT.encode(), "report.txt")))


def _chromium_pdf(page: str | None = None, **options) -> bytes:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        if required("REQUIRE_BROWSER"):
            pytest.fail(f"{NO_CHROMIUM} (no {CHROMIUM}); REQUIRE_BROWSER is set")
        pytest.skip(f"{NO_CHROMIUM} (no {CHROMIUM})")
    return pdf_layouts.chromium_print(page or _as_html(REPORT), CHROMIUM, CHROMIUM_ARGS, **options)


LAYOUTS = {
    "reportlab lists": lambda: pdf_layouts.reportlab_lists(REPORT),
    "running header, page numbers and a page break in a recommendation": (
        lambda: pdf_layouts.reportlab_running(REPORT, break_in=BROKEN)
    ),
    "bullets typed inline": lambda: pdf_layouts.reportlab_inline(REPORT),
    "Chromium print with header and footer": _chromium_pdf,
}


_PDFS: dict[str, bytes] = {}


@pytest.fixture(scope="session", params=list(LAYOUTS), ids=list(LAYOUTS))
def layout(request) -> tuple[str, bytes]:
    if request.param not in _PDFS:
        _PDFS[request.param] = LAYOUTS[request.param]()
    return request.param, _PDFS[request.param]


@pytest.fixture(scope="session")
def pdf_record(layout) -> dict:
    return _plain(parse_report(read_report(layout[1], "report.pdf")))


def test_each_layout_gives_the_texts_record_with_no_warnings(layout, pdf_record, text_record):
    warnings = pdf_record["warnings"]
    if layout[0].startswith("Chromium"):  # the page's footer, printed after the report's end
        warnings = [w for w in warnings if "after the report" not in w or "Crown" not in w]
    assert warnings == []
    for key in text_record:
        if key != "warnings":
            assert pdf_record[key] == text_record[key], key


def test_each_layout_recovers_the_causes_of_concern_and_all_18_recommendations(pdf_record):
    causes = pdf_record["causes_of_concern"]
    assert [(c["area"], c["title"]) for c in causes] == [
        (c["area"], _plain(c["title"])) for c in GOLD["causes_of_concern"]
    ]
    assert [len(c["recommendations"]) for c in causes] == [
        c["recommendation_count"] for c in GOLD["causes_of_concern"]
    ]
    assert sum(len(c["recommendations"]) for c in causes) == 18
    for cause, gold in zip(causes, GOLD["causes_of_concern"], strict=True):
        for made, start in zip(
            cause["recommendations"], gold["recommendations_start"], strict=True
        ):
            assert made.startswith(_plain(start))
        assert cause["timescale"] == GOLD["recommendation_timescale"]


def test_each_layout_recovers_the_areas_for_improvement_and_case_studies(pdf_record):
    assert [(a["area"], a["title"]) for a in pdf_record["areas_for_improvement"]] == [
        (a["area"], _plain(a["title"])) for a in GOLD["areas_for_improvement"]
    ]
    assert [(c["area"], c["title"], c["outcome"]) for c in pdf_record["case_studies"]] == [
        (c["area"], _plain(c["title"]), c["outcome"]) for c in GOLD["case_studies"]
    ]


def test_each_layout_finds_the_gold_judgments_and_statistics_and_no_others(pdf_record):
    assert pdf_record["judgments"] == GOLD["judgments"]
    found = Counter(
        (s["area"], s["numerator"], s["denominator"]) for s in pdf_record["case_file_statistics"]
    )
    gold = Counter(
        (s["area"], s["numerator"], s["denominator"]) for s in GOLD["case_file_statistics"]
    )
    core = Counter(
        (s["area"], s["numerator"], s["denominator"])
        for s in GOLD["case_file_statistics"]
        if s["kind"] == "core"
    )
    assert sum(gold.values()) == 22
    assert core - found == Counter()
    assert found - gold == Counter()


def test_no_page_number_or_running_header_becomes_a_finding(layout, pdf_record):
    text = read_report(layout[1], "report.pdf")
    assert "Page 3 of" not in text and "OFFICIAL" not in text
    titles = [m["title"] for m in pdf_record["main_findings"]]
    assert not any(" of " in t and t.split(" of ")[0].split()[-1].isdigit() for t in titles)


def test_the_running_layout_really_breaks_a_recommendation_over_a_page():
    data = _PDFS.get(list(LAYOUTS)[1]) or LAYOUTS[list(LAYOUTS)[1]]()
    assert pdf_layouts._breaks_inside(data, BROKEN)
    text = read_report(data, "report.pdf")
    assert "• " + fold(BROKEN) in fold(text).splitlines()


GRADES = [
    ["Area", "Grade"],
    ["Leadership of child protection arrangements", "Inadequate"],
    ["Working with safeguarding partners", "Adequate"],
    ["Assessing risk and making referrals", "Requires improvement"],
]


def _table_pdf(*, ruled: bool) -> bytes:
    styles = pdf_layouts.STYLES
    table = Table(GRADES, colWidths=[260, 140])
    if ruled:
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    story = [
        Paragraph("Our graded judgments are as follows:", styles["BodyText"]),
        table,
        Paragraph("The constabulary has some work to do.", styles["BodyText"]),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_a_grade_table_in_a_pdf_comes_out_as_tab_separated_rows(ruled):
    text = read_report(_table_pdf(ruled=ruled), "grades.pdf")
    rows = "\n".join("\t".join(row) for row in GRADES)
    assert text == (
        f"Our graded judgments are as follows:\n\n{rows}\n\nThe constabulary has some work to do."
    )


def test_numbered_and_circle_bulleted_lists_printed_by_chromium_are_lists():
    item = "the force should make sure its officers record every missing child as missing"
    page = (
        "<!DOCTYPE html><html><body><p>The force should make sure that:</p>"
        f"<ol><li>{item} without delay;</li><li>{item} as a matter of course.</li></ol>"
        "<p>Also, in the longer run:</p>"
        f"<ul style='list-style: circle'><li>{item};</li><li>{item}.</li></ul></body></html>"
    )
    pdf = _chromium_pdf(page, header_footer=False)  # one page: no header repeats to be found
    assert read_report(pdf, "lists.pdf").split("\n") == [
        "The force should make sure that:",
        f"• {item} without delay;",
        f"• {item} as a matter of course.",
        "Also, in the longer run:",
        f"• {item};",
        f"• {item}.",
    ]
