"""A PDF's structure is rebuilt from where its words sit: columns, lists without marks,
numbered lists, words hyphenated at a line's end, page furniture, footnotes and tables."""

import io

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)

from inspections.importer.read import read_report
from tests.inspections.pdf_layouts import BODY

SENTENCE = "The force has plans to improve how it protects children who go missing from home. "


def _pdf(story: list, *, on_page=None, columns: int = 1, bottom: float = 72) -> bytes:
    buffer = io.BytesIO()
    if columns == 1:
        document = SimpleDocTemplate(buffer, pagesize=A4, bottomMargin=bottom)
        if on_page:
            document.build(story, onFirstPage=on_page, onLaterPages=on_page)
        else:
            document.build(story)
        return buffer.getvalue()
    document = BaseDocTemplate(buffer, pagesize=A4)
    width = (document.width - 24) / 2
    frames = [
        Frame(document.leftMargin, document.bottomMargin, width, document.height, id="left"),
        Frame(
            document.leftMargin + width + 24, document.bottomMargin, width, document.height, id="r"
        ),
    ]
    document.addPageTemplates([PageTemplate(frames=frames, onPage=on_page or (lambda c, d: 0))])
    document.build(story)
    return buffer.getvalue()


def _read(data: bytes) -> list[str]:
    return read_report(data, "report.pdf").split("\n")


def test_two_columns_are_read_down_the_left_then_the_right_joining_a_paragraph_across():
    paragraphs = [f"Paragraph {n} says this. " + SENTENCE * 4 for n in range(1, 13)]
    lines = _read(_pdf([Paragraph(p, BODY) for p in paragraphs], columns=2))
    assert lines == [" ".join(p.split()) for p in paragraphs]


def test_an_indented_run_after_a_colon_is_a_list_even_without_marks():
    indented = ParagraphStyle("Indented", parent=BODY, leftIndent=24)
    items = [
        "supervisors review investigations regularly;",
        "it follows all reasonable lines of enquiry to identify suspects; and",
        "it complies with the Code of Practice for Victims of Crime.",
    ]
    story = [Paragraph(SENTENCE * 3, BODY)]
    story.append(Paragraph("With immediate effect, the force should make sure:", BODY))
    story += [Paragraph(item, indented) for item in items]
    story.append(Paragraph("Then the report goes on with another paragraph.", BODY))
    assert _read(_pdf(story)) == [
        " ".join((SENTENCE * 3).split()),
        "With immediate effect, the force should make sure:",
        *(f"• {item}" for item in items),
        "Then the report goes on with another paragraph.",
    ]


def test_a_numbered_list_with_hanging_numbers_is_a_list():
    hanging = ParagraphStyle("Numbered", parent=BODY, leftIndent=24, bulletIndent=0)
    items = [f"{SENTENCE}{SENTENCE}" for _ in range(2)]
    story = [Paragraph("The force should:", BODY)]
    story += [Paragraph(item, hanging, bulletText=f"{n}.") for n, item in enumerate(items, 1)]
    assert _read(_pdf(story)) == ["The force should:", *(f"• {item.strip()}" for item in items)]


def _hyphenated(first: str, second: str) -> bytes:
    """A paragraph whose first line ends with `first` and whose second starts with `second`,
    then one writing "safeguarding" and "well-being" whole."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("Helvetica", 10)
    page.drawString(72, 760, f"and we agree that they should put more into this work, with {first}")
    page.drawString(72, 748, f"{second} more often than they do now, for every child at risk.")
    page.drawString(72, 720, "Leaders spoke of safeguarding and well-being as their first concern.")
    page.showPage()
    page.save()
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("first", "second", "word"),
    [("safe-", "guarding", "safeguarding"), ("well-", "being", "well-being")],
)
def test_a_word_hyphenated_at_a_lines_end_is_mended_as_the_report_writes_it(first, second, word):
    paragraph, _ = _read(_hyphenated(first, second))
    assert f"with {word} more often" in paragraph


def _furniture(canvas, document) -> None:
    width, height = A4
    number = canvas.getPageNumber()
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.drawString(72, height - 40, f"Section {number}: what we found")  # changes each page
    canvas.drawString(width - 160, height - 40, "OFFICIAL SENSITIVE")
    canvas.drawCentredString(width / 2, 40, ("- %d -", "%d", "Page %d of 4")[number % 3] % number)
    canvas.restoreState()


def test_running_headers_and_page_numbers_of_any_form_are_dropped():
    places = "north south east west city county town village coast".split()
    paragraphs = [
        f"In the {places[n % 9]} we found {n % 7 + 2} things. " + SENTENCE * (n % 4 + 1)
        for n in range(40)
    ]
    story = [Paragraph(p, BODY) for p in paragraphs[:10]] + [PageBreak()]
    story += [Paragraph(p, BODY) for p in paragraphs[10:]]
    lines = _read(_pdf(story, on_page=_furniture))
    assert lines == [" ".join(p.split()) for p in paragraphs]


NOTES = ["College of Policing guidance, 2023.", "Working together to safeguard children, 2023."]


def test_footnotes_go_after_the_text_and_a_paragraph_runs_on_over_them():
    long = "A long paragraph over a page. " + SENTENCE * 40

    def notes(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        number = canvas.getPageNumber()
        canvas.drawString(72, 80, f"{number} {NOTES[number - 1]}")
        canvas.restoreState()

    story = [Paragraph(SENTENCE * 8, BODY) for _ in range(6)] + [Paragraph(long, BODY)]
    lines = _read(_pdf(story, on_page=notes, bottom=120))
    assert " ".join(long.split()) in lines
    assert lines[-2:] == [f"{number} {note}" for number, note in enumerate(NOTES, 1)]


def test_a_grade_table_with_a_column_per_grade_keeps_its_empty_cells():
    rows = [
        ["Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"],
        ["", "Leadership", "", "", ""],
        ["", "", "Partnership", "", "Investigation"],
    ]
    table = Table(rows, colWidths=[90] * 5)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    text = read_report(_pdf([Paragraph("Our graded judgments:", BODY), table]), "t.pdf")
    assert text.split("\n") == ["Our graded judgments:", "", *("\t".join(r) for r in rows), ""]


def test_an_unruled_table_with_a_column_per_grade_is_read_from_its_heading_row():
    rows = [
        ["Good", "Adequate", "Inadequate"],
        ["Leadership", "", ""],
        ["", "Partnership", "Investigation"],
    ]
    table = Table(rows, colWidths=[140] * 3)
    text = read_report(_pdf([Paragraph("Our graded judgments:", BODY), table]), "t.pdf")
    assert text.split("\n") == ["Our graded judgments:", "", *("\t".join(r) for r in rows), ""]


def test_a_contents_line_loses_its_dot_leaders():
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("Helvetica", 10)
    for number, (title, at) in enumerate([("Overall summary", 3), ("Next steps", 24)]):
        page.drawString(72, 760 - 14 * number, title + " " + "." * 60)
        page.drawRightString(520, 760 - 14 * number, str(at))
    page.showPage()
    page.save()
    assert read_report(buffer.getvalue(), "c.pdf").split("\n") == [
        "Overall summary\t3",
        "Next steps\t24",
        "",
    ]


def test_a_dash_opening_a_wrapped_line_is_not_a_list_item():
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("Helvetica", 10)
    page.drawString(
        72, 760, "The constabulary has improved its response to missing children, and the change"
    )
    page.drawString(72, 748, "– though recent – is welcome to the families we spoke to.")
    page.showPage()
    page.save()
    assert read_report(buffer.getvalue(), "d.pdf") == (
        "The constabulary has improved its response to missing children, and the change "
        "– though recent – is welcome to the families we spoke to."
    )
