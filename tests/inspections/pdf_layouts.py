"""The seed report made into PDFs the ways publishers and browsers make them.

Each builder returns the PDF's bytes; the tests and bench/import_report.py share them.

- `reportlab_lists`: lists set as list flowables, the bullet drawn apart from its text;
- `reportlab_running`: bullets hung in the margin of each item's paragraph, a running
  header, "Page N of M" footers, and a recommendation broken over a page;
- `reportlab_inline`: bullets typed at the start of the item's paragraph ("• text");
- `chromium_print`: Chromium's print of the web page, with its header and footer (no bullet
  characters at all: Chromium draws the marks as shapes).
"""

import html
import io
import re
from concurrent.futures import ThreadPoolExecutor

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (
    ListFlowable,
    ListItem,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)

from tests.inspections.test_importer_gloucestershire import _drawable as drawable

_HEADING = re.compile(r"[.:;!?][\"')’”]*$")
BROKEN = "put in place effective governance arrangements, to improve how senior leaders"
"""How the seed report's recommendation that `reportlab_running` breaks over a page starts."""
STYLES = getSampleStyleSheet()
BODY = STYLES["BodyText"]
# A list item with a hanging bullet, which may leave one line at a page's foot.
ITEM = ParagraphStyle(
    "ListItem", parent=BODY, leftIndent=18, bulletIndent=6, allowOrphans=1, allowWidows=1
)


def _blocks(text: str) -> list[tuple[str, list[str] | str]]:
    """The report as ("title" | "heading" | "paragraph", text) and ("list", items)."""
    blocks: list = []
    for index, line in enumerate(line.strip() for line in text.splitlines() if line.strip()):
        line = html.escape(drawable(line), quote=False)
        if line.startswith("•"):
            if not blocks or blocks[-1][0] != "list":
                blocks.append(("list", []))
            blocks[-1][1].append(line.lstrip("• "))
        elif index == 0:
            blocks.append(("title", line))
        elif not _HEADING.search(line):
            blocks.append(("heading", line))
        else:
            blocks.append(("paragraph", line))
    return blocks


def _story(blocks: list, *, lists: str = "flowable", before: dict | None = None) -> list:
    """Flowables for the blocks; `before` maps a block's index to flowables put before it.

    `lists`: "flowable" (reportlab's list flowables), "hanging" (paragraphs with a bullet
    drawn in the margin of a hanging indent) or "inline" (the bullet typed in the text)."""
    story = []
    for index, (kind, content) in enumerate(blocks):
        story += (before or {}).get(index, [])
        if kind == "list" and lists == "inline":
            story += [Paragraph(f"• {item}", BODY) for item in content]
        elif kind == "list" and lists == "hanging":
            story += [Paragraph(item, ITEM, bulletText="•") for item in content]
        elif kind == "list":
            items = [ListItem(Paragraph(item, BODY), leftIndent=18) for item in content]
            story.append(ListFlowable(items, bulletType="bullet", start="•", leftIndent=18))
        else:
            style = {"title": "Title", "heading": "Heading2", "paragraph": "BodyText"}[kind]
            if kind == "heading" and len(content) > 70:
                style = "Heading3"
            story.append(Paragraph(content, STYLES[style]))
    return story


def _build(story: list, on_page=None) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, topMargin=2.5 * cm, bottomMargin=2.5 * cm, title="Report"
    )
    if on_page:
        document.build(story, onFirstPage=on_page, onLaterPages=on_page)
    else:
        document.build(story)
    return buffer.getvalue()


def reportlab_lists(text: str) -> bytes:
    return _build(_story(_blocks(text)))


def reportlab_inline(text: str) -> bytes:
    return _build(_story(_blocks(text), lists="inline"))


class _Pages:
    """Draws a running header and a 'Page N of M' footer; M is known after a first pass."""

    def __init__(self, title: str, total: int = 0):
        self.title, self.total, self.count = title, total, 0

    def __call__(self, canvas, document) -> None:
        self.count = max(self.count, canvas.getPageNumber())
        width, height = A4
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(2 * cm, height - 1.3 * cm, self.title)
        canvas.drawRightString(width - 2 * cm, height - 1.3 * cm, "OFFICIAL")
        canvas.drawCentredString(
            width / 2, 1.3 * cm, f"Page {canvas.getPageNumber()} of {self.total or 99}"
        )
        canvas.restoreState()


def item_starting(text: str, words: str) -> str:
    """The report's list item (or line) that starts with the words, without its bullet."""
    return next(
        line.strip().lstrip("• ")
        for line in text.splitlines()
        if line.strip().lstrip("• ").startswith(words)
    )


def reportlab_running(text: str, *, break_in: str) -> bytes:
    """With running header and footer, and the list holding the item `break_in` moved down
    its page (a page break before its lead-in, a spacer after) until the item is broken over
    the page's foot."""
    title = drawable(text.strip().splitlines()[0])
    blocks = _blocks(text)
    target = next(
        i for i, (kind, items) in enumerate(blocks) if kind == "list" and break_in in items
    )
    for shift in range(0, 680, 2):  # tried on the lead-in and list alone: quick
        moved = {0: [PageBreak()], 1: [Spacer(1, shift)]}
        alone = _story(blocks[target - 1 : target + 1], lists="hanging", before=moved)
        if _breaks_inside(_build(alone), break_in):
            break
    else:
        raise AssertionError(f"no spacer breaks “{break_in[:40]}…” over a page")
    moved = {target - 1: [PageBreak()], target: [Spacer(1, shift)]}
    pages = _Pages(title)
    story = _story(blocks, lists="hanging", before=moved)
    _build(story, pages)  # a first pass counts the pages
    return _build(_story(blocks, lists="hanging", before=moved), _Pages(title, pages.count))


def _breaks_inside(data: bytes, item: str) -> bool:
    """Whether a page ends part way through the list item (its first words end one page)."""
    from pypdf import PdfReader

    words = item.split()
    head, tail = " ".join(words[:4]), " ".join(words[-3:])
    for page in PdfReader(io.BytesIO(data)).pages:
        flat = " ".join(page.extract_text().split())
        if head in flat and tail not in flat:
            return True
    return False


def chromium_print(
    page_html: str, chromium: str, launch_args: list[str], *, header_footer: bool = True
) -> bytes:
    """Chromium's 'print to PDF' of the web page, with its running header and footer."""
    # Playwright's sync API refuses to start inside a running event loop, and the browser
    # tests' session keeps one in this thread: print from a thread of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(
            _print, page_html, chromium, launch_args, header_footer=header_footer
        ).result()


def _print(page_html: str, chromium: str, launch_args: list[str], *, header_footer: bool) -> bytes:
    from playwright.sync_api import sync_playwright

    header = (
        "<div style='font-size:8px;width:100%;margin:0 1cm'>"
        "<span class='date'></span> <span class='title'></span></div>"
    )
    footer = (
        "<div style='font-size:8px;width:100%;margin:0 1cm;text-align:center'>"
        "Page <span class='pageNumber'></span> of <span class='totalPages'></span></div>"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=launch_args)
        try:
            page = browser.new_page()
            page.set_content(page_html)
            return page.pdf(
                format="A4",
                display_header_footer=header_footer,
                header_template=header,
                footer_template=footer,
                margin={"top": "2cm", "bottom": "2cm", "left": "2cm", "right": "2cm"},
            )
        finally:
            browser.close()
