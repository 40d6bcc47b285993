"""Report files are read as text by their content, and bad files are refused with a reason."""

import io

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from inspections.importer import pdf_layout, read
from inspections.importer.errors import ReportError
from inspections.importer.read import read_report, report_kind
from inspections.importer.themes import DEFAULT_THEME_TERMS, tag_themes

LINES = [
    "Kent Police: National child protection inspection",
    "Published on: 3 March 2025",
    "Overall summary",
    "Kent Police is good at working with safeguarding partners. " * 6,
    "• a list item wrapped over two lines because it is long enough to need two of them;",
    "• a short item.",
]
LINES = [line.strip() for line in LINES]


def _pdf(lines: list[str]) -> bytes:
    """A PDF laid out as reports are: a large title, spaced paragraphs, wrapped lines."""
    styles = getSampleStyleSheet()
    story = [
        Paragraph(line, styles["Title" if index == 0 else "BodyText"])
        for index, line in enumerate(lines)
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


def _pdf_without_text() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.rect(50, 50, 100, 100)
    page.save()
    return buffer.getvalue()


def _encrypted(data: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_text_is_read_with_or_without_a_byte_order_mark():
    text = "\n".join(LINES[:3])
    assert read_report(text.encode("utf-8"), "report.txt") == text
    assert read_report(b"\xef\xbb\xbf" + text.encode("utf-8"), "report.txt") == text
    assert read_report(text.replace("\n", "\r\n").encode("utf-8"), "report.txt") == text


def test_it_refuses_an_empty_file():
    with pytest.raises(ReportError, match="empty"):
        read_report(b"", "report.txt")


def test_it_refuses_binary_data():
    with pytest.raises(ReportError, match="binary"):
        read_report(bytes(range(256)) * 4, "report.txt")


def test_it_refuses_text_that_is_not_utf8():
    with pytest.raises(ReportError, match="UTF-8"):
        read_report("Café report".encode("latin-1"), "report.txt")


def test_it_refuses_a_file_over_the_size_limit(monkeypatch):
    monkeypatch.setattr(read, "MAX_REPORT_BYTES", 10)
    with pytest.raises(ReportError, match="MB"):
        read_report(b"x" * 11, "report.txt")
    assert read_report(b"x" * 10, "report.txt") == "x" * 10


def test_the_limit_is_twenty_megabytes():
    assert read.MAX_REPORT_BYTES == 20 * 1024 * 1024


def test_a_word_file_is_refused_with_advice():
    with pytest.raises(ReportError, match="PDF or HTML"):
        read_report(b"PK\x03\x04" + b"\x00" * 50, "report.docx")


@pytest.mark.parametrize(
    ("data", "filename", "kind"),
    [
        (b"%PDF-1.7\n...", "report.bin", "pdf"),
        (b"<!DOCTYPE html><html></html>", "report.txt", "html"),
        (b"\xef\xbb\xbf  <html><body></body></html>", "report", "html"),
        (b"<p>A fragment</p>", "report.htm", "html"),
        (b"Plain words", "report.html", "text"),
    ],
)
def test_the_kind_of_file_is_decided_by_its_content(data, filename, kind):
    assert report_kind(data, filename) == kind


def test_a_file_named_pdf_that_is_not_one_is_refused():
    with pytest.raises(ReportError, match="not one"):
        read_report(b"Plain words", "report.pdf")


def test_a_web_page_loses_its_furniture_scripts_and_hidden_text():
    page = b"""<!doctype html><html><head><title>T</title><style>p {}</style></head><body>
    <header>Site</header><nav><a href="/">Contents</a></nav>
    <main><h1>Kent Police: National child protection inspection</h1>
    <p onclick="alert(1)">First <b>bold</b>&nbsp;words<br>second line</p>
    <p hidden>Hidden</p><div style="display: none">Also hidden</div>
    <span aria-hidden="true">Icon</span><span class="govuk-visually-hidden">Label</span>
    <ul><li>One;</li><li><p>Two.</p></li></ul><!-- a comment -->
    <script>alert(1)</script></main><footer>Footer</footer></body></html>"""
    assert read_report(page, "report.html").split("\n") == [
        "Kent Police: National child protection inspection",
        "First bold\u00a0words",
        "second line",
        "• One;",
        "• Two.",
    ]


def test_a_pdf_is_read_a_paragraph_a_line():
    assert read_report(_pdf(LINES), "report.pdf").split("\n") == LINES


def test_an_encrypted_pdf_is_refused():
    with pytest.raises(ReportError, match="encrypted"):
        read_report(_encrypted(_pdf(LINES), "secret"), "report.pdf")


def test_a_pdf_locked_only_against_editing_is_read():
    assert read_report(_encrypted(_pdf(LINES), ""), "report.pdf").split("\n") == LINES


def test_a_pdf_without_text_is_refused():
    with pytest.raises(ReportError, match="no text"):
        read_report(_pdf_without_text(), "scan.pdf")


def test_a_broken_pdf_is_refused():
    with pytest.raises(ReportError, match="not a readable PDF"):
        read_report(b"%PDF-1.4\nnot really a PDF", "report.pdf")


def _pages(count: int) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    for number in range(count):
        page.drawString(72, 760, f"A page of a long document, on {'why ' * number}and how.")
        page.showPage()
    page.save()
    return buffer.getvalue()


def test_a_pdf_of_more_pages_than_any_report_is_refused(monkeypatch):
    monkeypatch.setattr(pdf_layout, "MAX_PAGES", 3)
    assert read_report(_pages(3), "report.pdf")
    with pytest.raises(ReportError, match="more than 3 pages"):
        read_report(_pages(4), "report.pdf")


def test_a_pdf_that_takes_too_long_to_read_is_stopped(monkeypatch):
    monkeypatch.setattr(pdf_layout, "MAX_SECONDS", -1)
    with pytest.raises(ReportError, match="took more than"):
        read_report(_pdf(LINES), "report.pdf")


def test_a_pdf_stream_that_inflates_too_far_is_refused(monkeypatch):
    monkeypatch.setattr(pdf_layout, "MAX_STREAM_BYTES", 100)
    with pytest.raises(ReportError, match="not a readable PDF .a stream inflates past"):
        read_report(_pdf(LINES * 5), "report.pdf")


def test_themes_match_whole_words_in_any_case_and_either_hyphen():
    themes = {"missing": ["missing children", "COMPACT"], "blame": ["victim-blaming"]}
    assert tag_themes("Reports of MISSING children", themes) == ["missing"]
    assert tag_themes("recorded on compact", themes) == ["missing"]
    assert tag_themes("a compacted record", themes) == []
    assert tag_themes("victim\u2011blaming and victim blaming", themes) == ["blame"]


def test_the_default_themes_cover_the_sixteen_dashboard_themes():
    assert len(DEFAULT_THEME_TERMS) == 16
    assert all(DEFAULT_THEME_TERMS.values())
    assert "missing_children" in tag_themes("a child missing from home", DEFAULT_THEME_TERMS)
