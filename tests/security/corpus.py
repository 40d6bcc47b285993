"""Hostile input for every entry point.

Markup is legitimate text (a narrative may quote `<script>`): it is stored as written and must
come back escaped. Everything else here must be refused with a message naming the problem.
Each refusal is given with a pattern its message matches.
"""

import functools
import io
import zipfile
import zlib
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

# Each sets window.__pwned (and opens a dialog) if a browser ever runs it.
SCRIPT = "<script>window.__pwned=1;alert(1)</script>"
IMG_ONERROR = '<img src=x onerror="window.__pwned=1;alert(1)">'
SVG_ONLOAD = "<svg/onload=window.__pwned=1;alert(1)>"
ATTRIBUTE_BREAK = "\"'><script>window.__pwned=1;alert(1)</script>"
SQL = "' OR 1=1 --; DROP TABLE recommendations_progressupdate; --"
MARKUP = {
    "script tag": SCRIPT,
    "event-handler attribute": IMG_ONERROR,
    "svg onload": SVG_ONLOAD,
    "attribute break-out": ATTRIBUTE_BREAK,
    "sql fragment": SQL,
}

MEGABYTE = "x" * 1_000_000
# Typed text that is refused: (text, pattern of the message). Django and DRF refuse NUL (and
# DRF an over-long field) themselves; the rest is refused by inspections.validators.
REFUSED_TEXT = {
    "NUL byte": ("before\x00after", r"Null characters are not allowed|U\+0000"),
    "bell": ("before\x07after", r"hidden control character \(U\+0007, character 7\)"),
    "terminal escape": ("\x1b[31mred\x1b[0m", r"hidden control character \(U\+001B"),
    "C1 control": ("next\x85line", r"hidden control character \(U\+0085"),
    "right-to-left override": ("report\u202efdp.exe", r"text-direction control \(U\+202E"),
    "right-to-left isolate": ("a\u2067b\u2069", r"text-direction control \(U\+2067"),
    "1 MB string": (
        MEGABYTE,
        r"1,000,000 characters long: it can be at most [\d,]+|no more than \d+ characters",
    ),
}
NOT_A_WEB_ADDRESS = r"is not a web address starting https:// or http://"
REFUSED_LINKS = {
    "javascript": "javascript:window.__pwned=1",
    "javascript, mixed case": "JaVaScRiPt:window.__pwned=1",
    "javascript, after spaces": "   javascript:window.__pwned=1",
    "javascript, split by a tab": "java\tscript:window.__pwned=1",
    "javascript, entity-encoded": "javascript&#58;window.__pwned=1",
    "data": "data:text/html,<script>window.__pwned=1</script>",
    "vbscript": "vbscript:msgbox(1)",
    "file": "file:///etc/passwd",
    "scheme-relative": "//evil.example/",
    "this site's admin, by address": "http://127.0.0.1:8000/admin/",
    "this site's admin, by local name": "http://localhost:8000/admin/",
    "this site's admin, by path": "/admin/",
    "ftp": "ftp://example.org/audit.pdf",
    "a space in the path": "https://gov.uk/a b",
    "right-to-left override": "https://example.org/\u202egnp.exe",
    "control character": "https://example.org/a\x07b",
    "too long": "https://example.org/" + "a" * 600,
}
# A valid web address full of markup: kept, and shown escaped in the href and the text.
MARKUP_LINK = 'https://example.org/?q="><script>window.__pwned=1;alert(1)</script>'

INVALID_UTF8 = b"Published on: 3 June 2026\n\xff\xfe\xc3\x28 not UTF-8\n"
DATA = Path(__file__).resolve().parent.parent / "data"


def report_text() -> str:
    """The Gloucestershire report, as a new report (a later date, so a new draft)."""
    return (
        (DATA / "gloucestershire-2025-ncpi.txt")
        .read_text(encoding="utf-8")
        .replace("Published on: 21 May 2025", "Published on: 3 June 2026")
    )


CAUSE_TITLE = "The constabulary’s leadership and governance arrangements for child protection"
CAUSE_BODY = "across its area. Leaders are unclear as to how the constabulary"
RECOMMENDATION = "make sure chief officers address current capacity challenges across teams"
SECOND_RECOMMENDATION = "put in place effective governance arrangements, to improve how"
FORMULA = '=HYPERLINK("https://evil.example/","click")'
AREA_TITLE = "When safeguarding partners raise concerns, the constabulary needs to respond"


def hostile_report() -> str:
    """The report with markup in a cause of concern's title and body, in a recommendation
    and in an area for improvement, and hidden characters in the body."""
    text = report_text()
    for original, hostile in (
        (CAUSE_TITLE, f"{CAUSE_TITLE} {SCRIPT}"),
        (CAUSE_BODY, f"{CAUSE_BODY} {IMG_ONERROR} \u202eevil\x07"),
        (RECOMMENDATION, f"{SVG_ONLOAD} {RECOMMENDATION}"),
        (SECOND_RECOMMENDATION, f"{FORMULA} {SECOND_RECOMMENDATION}"),
        (AREA_TITLE, f"{ATTRIBUTE_BREAK} {AREA_TITLE}"),
    ):
        assert text.count(original) == 1, original
        text = text.replace(original, hostile)
    return text


def pdf(text: str = "An inspection report") -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.drawString(72, 760, text)
    page.showPage()
    page.save()
    return buffer.getvalue()


@functools.cache
def zip_bomb() -> bytes:
    """An XLSX-shaped zip of 200 KB that unpacks to 210 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<workbook/>")
        package.writestr("word/document.xml", "<document/>")
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            zeros = b"\0" * 2**20
            for _ in range(210):
                part.write(zeros)
    return buffer.getvalue()


@functools.cache
def pdf_bomb() -> bytes:
    """A PDF whose one page's content stream inflates to 80 MB of nothing."""
    stream = zlib.compress(b" " * 80_000_000, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.7\n")
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (5, xref))
    return out.getvalue()


def report_files() -> dict[str, tuple[str, bytes, str]]:
    """Report files the importer refuses: (file name, content, pattern of the message)."""
    report = report_text().encode()
    return {
        "empty file": ("report.txt", b"", r"empty"),
        "invalid UTF-8": ("report.txt", INVALID_UTF8, r"is not UTF-8 text \(byte \d+"),
        "NUL byte deep in the text": (
            "report.txt",
            report + b"\nA line with a \x00 in it.\n",
            r"holds binary data, not text",
        ),
        "binary junk": ("report.txt", bytes(range(1, 32)) * 200, r"holds binary data"),
        "PDF that is not a PDF": ("report.pdf", b"GIF89a" + b"\x01" * 500, r"is not one"),
        "truncated PDF": ("report.pdf", pdf()[:300], r"is not a readable PDF|no text layer"),
        "PDF bomb": ("report.pdf", pdf_bomb(), r"is not a readable PDF|no text layer"),
        "zip bomb named .pdf": ("report.pdf", zip_bomb(), r"is a Word or zip file"),
        "zip bomb named .xlsx": ("report.xlsx", zip_bomb(), r"is a Word or zip file"),
        "malformed HTML": (
            "report.html",
            b"<html><body><div><p>Unclosed <b><i><table><tr><td>"
            + SCRIPT.encode()
            + b"<!-- never closed",
            r"doesn't look like a report of a programme we can import",
        ),
        "1 MB line": (
            "report.txt",
            MEGABYTE.encode(),
            r"doesn't look like a report of a programme we can import",
        ),
    }


GRADES_HEADER = "force,programme,published,area,grade,report_url,source_url\n"
GRADE_ROW = "Gloucestershire,ncpi,2026-01-05,leadership,good,{report},{source}\n"
GOOD_GRADE_ROW = "Gloucestershire,ncpi,2026-02-09,partnership,good,,https://example.org/grades\n"


def grades_csv(*rows: str) -> bytes:
    return (GRADES_HEADER + "".join(rows)).encode()


def grade_files() -> dict[str, tuple[str, bytes, str]]:
    """Grade tables the grades import refuses: (file name, content, pattern of the message).

    Bad rows follow a good one (row 2, for another date), so a partial import would show.
    """
    good = GOOD_GRADE_ROW
    return {
        "invalid UTF-8": ("grades.csv", GRADES_HEADER.encode() + b"\xff\xfe,\n", r"not UTF-8"),
        "NUL byte": ("grades.csv", grades_csv(good) + b"a\x00b\n", r"binary data"),
        "oversized CSV field": (
            "grades.csv",
            grades_csv(good, '"' + "x" * 200_000 + '",ncpi,2026-01-05,leadership,good,,\n'),
            r"is not valid CSV: field larger than field limit",
        ),
        "formula injection": (
            "grades.csv",
            grades_csv(
                good,
                '"=HYPERLINK(""https://evil.example"",""x"")",ncpi,2026-01-05,leadership,good,,\n',
            ),
            r"row 3: force: .*=HYPERLINK.* is not one of the 43 forces",
        ),
        "javascript report link": (
            "grades.csv",
            grades_csv(good, GRADE_ROW.format(report="javascript:window.__pwned=1", source="")),
            r"row 3: the report_url .*javascript:.* is not a web address",
        ),
        "data source link": (
            "grades.csv",
            grades_csv(good, GRADE_ROW.format(report="", source="data:text/html,<b>x</b>")),
            r"row 3: the source_url .* is not a web address",
        ),
        "right-to-left override in a force": (
            "grades.csv",
            grades_csv(good, "Glouc\u202eretshires,ncpi,2026-01-05,leadership,good,,\n"),
            r"row 3: force: .* is not one of the 43 forces",
        ),
        "SQL in a grade": (
            "grades.csv",
            grades_csv(good, f'Gloucestershire,ncpi,2026-01-05,leadership,"{SQL}",,\n'),
            r"row 3: grade: .*OR 1=1.* is not on the .* grade scale",
        ),
        "header only": ("grades.csv", grades_csv(), r"has no rows under its header"),
        "no header": ("grades.csv", b"' OR 1=1 --\n", r"lacks the column"),
        "XLSX zip bomb": ("grades.xlsx", zip_bomb(), r"unpacks to \d[\d,]* MB: a grades workbook"),
        "broken XLSX": ("grades.xlsx", b"PK\x03\x04" + b"\x00" * 200, r"not a readable XLSX"),
    }


def evidence_files() -> dict[str, tuple[str, bytes, str]]:
    """Evidence files refused: (file name, content, pattern of the message)."""
    return {
        "empty file": ("plan.pdf", b"", r"empty"),
        "web page named .pdf": (
            "plan.pdf",
            f"<html><body>{SCRIPT}</body></html>".encode(),
            r"named as a PDF file but its content is not one",
        ),
        "web page": ("plan.html", f"<html>{SCRIPT}</html>".encode(), r"is not a PDF, DOCX"),
        "SVG with script": ("chart.svg", f"<svg>{SCRIPT}</svg>".encode(), r"is not a PDF, DOCX"),
        "program named .png": ("chart.png", b"MZ\x90\x00" + b"\x00" * 64, r"named as a PNG"),
        "invalid UTF-8 text": ("notes.txt", b"\xff\xfe\xfd" * 100, r"named as a TXT"),
        "broken DOCX": ("plan.docx", b"PK\x03\x04" + b"\x00" * 64, r"named as a DOCX"),
        "zip bomb named .xlsx": ("figures.xlsx", zip_bomb(), r"unpacks to more than 200 MB"),
        "over 10 MB": ("plan.pdf", b"%PDF-1.7\n" + b"0" * (10 * 2**20), r"at most 10 MB"),
    }


# File names that disguise what a file is: (name, the name as a message quotes it). Django
# drops unprintable characters from uploaded names; the check refuses any that reach it.
HIDDEN_NAMES = {
    "right-to-left override": ("plan\u202efdp.exe.pdf", "plan[U+202E]fdp.exe.pdf"),
    "control character": ("plan\x07.pdf", "plan[U+0007].pdf"),
}
