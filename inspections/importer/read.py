"""Read an uploaded report file (plain text, a web page or a PDF) as plain text."""

from .errors import ReportError
from .html_text import html_text
from .pdf_text import pdf_text

MAX_REPORT_BYTES = 20 * 1024 * 1024
"""Refuse larger files: a published report is a few megabytes at most."""

_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body")


def read_report(data: bytes, filename: str) -> str:
    """The report's text, one heading, paragraph or list item a line.

    The kind of file is decided by its content, so a misnamed file is still read rightly.
    Raises ReportError for an empty, oversized, binary, undecodable or unreadable file.
    """
    if not data:
        raise ReportError(f"“{filename}” is empty.")
    if len(data) > MAX_REPORT_BYTES:
        raise ReportError(
            f"“{filename}” is {len(data) / 1024 / 1024:.1f} MB; reports over "
            f"{MAX_REPORT_BYTES / 1024 / 1024:.0f} MB are refused."
        )
    kind = report_kind(data, filename)
    if kind == "pdf":
        return pdf_text(data, filename)
    text = _decode(data, filename)
    return html_text(text) if kind == "html" else text.replace("\r\n", "\n").replace("\r", "\n")


def report_kind(data: bytes, filename: str) -> str:
    """'pdf', 'html' or 'text', from the first bytes; the name only breaks a tie."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"pk\x03\x04"):
        raise ReportError(f"“{filename}” is a Word or zip file: save the report as PDF or HTML.")
    if head.startswith(_HTML_STARTS) or b"<html" in head:
        return "html"
    if head.startswith(b"<") and filename.lower().endswith((".html", ".htm")):
        return "html"
    if filename.lower().endswith(".pdf"):
        raise ReportError(f"“{filename}” is named as a PDF but is not one (no %PDF- header).")
    return "text"


def _decode(data: bytes, filename: str) -> str:
    """UTF-8 text, with or without a byte-order mark; binary data is refused."""
    if b"\x00" in data:  # never in text, wherever it is, and PostgreSQL cannot store it
        raise ReportError(
            f"“{filename}” holds binary data, not text: upload a .txt, .html or .pdf."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReportError(
            f"“{filename}” is not UTF-8 text (byte {error.start} can't be decoded); "
            "save it as UTF-8 and upload it again."
        ) from None
    controls = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > 8:
        raise ReportError(
            f"“{filename}” holds binary data, not text: upload a .txt, .html or .pdf."
        )
    return text
