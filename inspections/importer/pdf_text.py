"""Read a report PDF as text, rejoining the lines of each paragraph.

A PDF only places lines on a page. A paragraph ends where the gap to the next line is wider
than the usual line spacing, where the type size changes or where a list item starts.
"""

import io
import math
import re
from collections import Counter
from dataclasses import dataclass

from pypdf import PdfReader

from .errors import ReportError

# WinAnsiEncoding draws its unused codes as bullets (PDF 1.7, annex D), but pypdf returns them
# as control characters; Word's Symbol-font bullet arrives from the private use area.
_BULLETS = str.maketrans(dict.fromkeys("\x7f\x81\x8d\x8f\x90\x9d\uf0b7\uf0a7", "•"))
_BULLET = re.compile(r"^[•·▪◦●‣∙]\s*")
_SENTENCE_END = re.compile(r"[.:;!?\"”’)]$")


@dataclass
class _Line:
    page: int
    y: float
    size: float
    text: str = ""


def pdf_text(data: bytes, filename: str) -> str:
    """The PDF's text, a paragraph a line; refuse encrypted or image-only PDFs."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _opens_without_password(reader):
            raise ReportError(
                f"“{filename}” is an encrypted (password-protected) PDF: "
                "upload an unprotected copy or the HTML page."
            )
        lines = _lines(reader)
    except ReportError:
        raise
    except Exception as error:  # a damaged file fails in pypdf in many different ways
        raise ReportError(f"“{filename}” is not a readable PDF ({error}).") from None
    paragraphs = _paragraphs(lines)
    if not any(p.strip() for p in paragraphs):
        raise ReportError(
            f"“{filename}” has no text layer (perhaps scanned pages): "
            "upload the HTML page or a PDF with text."
        )
    return "\n".join(paragraphs)


def _opens_without_password(reader: PdfReader) -> bool:
    """Some PDFs are locked against editing only and open with an empty password."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # any failure (a password, a missing cipher library) means no
        return False


def _lines(reader: PdfReader) -> list[_Line]:
    """Each visual line with its page, height on the page and type size."""
    lines: list[_Line] = []
    for number, page in enumerate(reader.pages):
        current: list[_Line] = [_Line(number, 0.0, 0.0)]

        def visit(text, cm, tm, font, font_size, number=number, current=current):
            if not text:
                return
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            size = abs(font_size * math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3]))
            line = current[0]
            if line.text.strip() and abs(y - line.y) > 0.5 * max(size, 1):
                lines.append(line)
                line = current[0] = _Line(number, y, size)
            for index, part in enumerate(text.split("\n")):
                if index:
                    lines.append(line)
                    line = current[0] = _Line(number, y, size)
                if part and not line.text.strip():
                    line.y, line.size = y, size
                line.text += part

        page.extract_text(visitor_text=visit)
        lines.append(current[0])
    return [line for line in lines if line.text.strip()]


def _paragraphs(lines: list[_Line]) -> list[str]:
    pitch, widest = _usual_pitch(lines), _widest(lines)
    paragraphs: list[str] = []
    previous: _Line | None = None
    for line in lines:
        text = _BULLET.sub("• ", " ".join(line.text.translate(_BULLETS).split()), count=1)
        if previous is None or _starts_paragraph(previous, line, pitch, widest, paragraphs[-1]):
            paragraphs.append(text)
        elif paragraphs[-1].endswith("-"):
            paragraphs[-1] += text  # a word or compound broken at the line end
        else:
            paragraphs[-1] += " " + text
        previous = line
    return paragraphs


def _starts_paragraph(previous: _Line, line: _Line, pitch: dict, widest: dict, so_far: str) -> bool:
    if _BULLET.match(line.text.translate(_BULLETS).lstrip()):
        return True
    if abs(line.size - previous.size) > 0.6:
        return True
    ended = previous.text.rstrip()
    if _SENTENCE_END.search(ended) and len(ended) < 0.75 * widest[previous.page]:
        return True  # a short line that closes a sentence closes its paragraph
    if line.page != previous.page:  # carry on only mid-sentence
        return bool(_SENTENCE_END.search(so_far)) or not line.text.lstrip()[:1].islower()
    gap = previous.y - line.y
    usual = pitch.get(round(line.size), 1.2 * line.size)
    return gap <= 0 or gap > 1.3 * usual


def _widest(lines: list[_Line]) -> dict[int, int]:
    """The longest line of each page, in characters: about the column's width."""
    widest: dict[int, int] = {}
    for line in lines:
        widest[line.page] = max(widest.get(line.page, 0), len(line.text.strip()))
    return widest


def _usual_pitch(lines: list[_Line]) -> dict[int, float]:
    """The line spacing of each type size: the smallest gap that recurs between its lines.

    Not the commonest gap: in a report of short paragraphs the gap between paragraphs is.
    """
    gaps: dict[int, Counter] = {}
    for before, after in zip(lines, lines[1:], strict=False):
        gap = before.y - after.y
        if before.page == after.page and abs(before.size - after.size) < 0.6:
            if 0.8 * after.size < gap < 3 * after.size:
                gaps.setdefault(round(after.size), Counter())[round(gap * 2) / 2] += 1
    pitch = {}
    for size, counter in gaps.items():
        recurring = [gap for gap, count in counter.items() if count > 1]
        pitch[size] = min(recurring or counter)
    return pitch
