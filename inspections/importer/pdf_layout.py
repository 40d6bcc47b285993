"""Read what a PDF draws: its words with their positions, type size and weight, the ruled lines
and box edges that tables are drawn with, and the small shapes that mark list items.

pdfminer.six (the engine pdfplumber is built on) interprets the pages; a lean device keeps
words rather than one object a character, which is what makes a long report quick to read.
Limits protect against hostile files: a page count, a time budget and a cap on how far any
one compressed stream may inflate.
"""

import io
import time
import zlib
from dataclasses import dataclass, field

from pdfminer import pdftypes
from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser

from .errors import ReportError
from .pdf_content import QuickInterpreter

MAX_PAGES = 500
"""Refuse longer PDFs: a published report runs to a hundred pages or so."""
MAX_SECONDS = 30.0
"""Stop reading a PDF that takes longer than this: a report takes well under a second."""
MAX_STREAM_BYTES = 32 * 1024 * 1024
"""No compressed stream may inflate past this (a 'zip bomb' inflates a thousandfold)."""

# Characters drawn as list bullets; WinAnsi's unused codes and Symbol-font bullets among them.
BULLET_CHARACTERS = frozenset("•·▪◦●‣∙○■□◆◇►▸➢➤✓✔\x7f\x81\x8d\x8f\x90\x9d\uf0b7\uf0a7\uf0d8\uf0fc")
_WINANSI_BULLETS = frozenset((0x7F, 0x81, 0x8D, 0x8F, 0x90, 0x95, 0x9D))
_NO_BREAK_SPACES = frozenset("\u00a0\u2007\u202f")  # kept inside a word: a line never breaks there
_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demibold", "demi")


@dataclass(slots=True)
class Word:
    """A run of characters without a space, on one baseline. Positions are in points from the
    page's top-left corner; `base` is the baseline's distance from the top."""

    x0: float
    x1: float
    base: float
    size: float
    bold: bool
    text: str


@dataclass(slots=True)
class Edge:
    """A horizontal or vertical ruled line, or one side of a drawn box."""

    orientation: str  # "h" or "v"
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    marks: list[tuple[float, float, float]] = field(default_factory=list)  # x, y, size
    # (small shapes: the discs, circles and squares a browser draws as list bullets)


class PDFTooLarge(ReportError):
    """The PDF goes past one of the reading limits."""


def read_pages(data: bytes, filename: str) -> list[Page]:
    """Every page's words, edges and marks; raise ReportError for PDFs that can't be read."""
    deadline = time.monotonic() + MAX_SECONDS
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
    except PDFPasswordIncorrect:
        raise ReportError(
            f"“{filename}” is an encrypted (password-protected) PDF: "
            "upload an unprotected copy or the HTML page."
        ) from None
    except Exception as error:  # a damaged file fails in pdfminer in many different ways
        raise ReportError(f"“{filename}” is not a readable PDF ({error}).") from None
    resources = PDFResourceManager(caching=True)
    device = _Collector(resources, deadline, filename)
    interpreter = QuickInterpreter(resources, device)
    try:
        for number, page in enumerate(PDFPage.create_pages(document)):
            if number >= MAX_PAGES:
                raise PDFTooLarge(
                    f"“{filename}” has more than {MAX_PAGES} pages; a report has far fewer."
                )
            interpreter.process_page(page)
    except ReportError:
        raise
    except RecursionError:
        raise ReportError(f"“{filename}” is not a readable PDF (nested too deeply).") from None
    except Exception as error:
        raise ReportError(f"“{filename}” is not a readable PDF ({error}).") from None
    return device.pages


class _BoundedZlib:
    """zlib for pdfminer, with a cap on how far one stream may inflate."""

    error = zlib.error

    @staticmethod
    def decompress(data: bytes) -> bytes:
        inflater = zlib.decompressobj()
        out = inflater.decompress(data, MAX_STREAM_BYTES)
        if inflater.unconsumed_tail:
            raise ValueError(f"a stream inflates past {MAX_STREAM_BYTES // 2**20} MB")
        return out

    @staticmethod
    def decompressobj(*args, **kwargs):
        return zlib.decompressobj(*args, **kwargs)


# pdfminer inflates a stream in one call with no limit; give it the bounded one. The stream
# a damaged file leaves half-written is inflated piecewise (decompress_corrupted), bounded by
# the file size limit and MAX_SECONDS.
pdftypes.zlib = _BoundedZlib


class _Font:
    """What the reader needs of a font, worked out once per font."""

    __slots__ = ("font", "bold", "glyphs", "vertical", "single_byte_space")

    def __init__(self, font):
        self.font = font
        name = (getattr(font, "fontname", "") or "").split("+")[-1].lower()
        descriptor = getattr(font, "descriptor", {}) or {}
        weight = descriptor.get("FontWeight", 0)
        flags = descriptor.get("Flags", 0)
        self.bold = (
            any(word in name for word in _BOLD_NAMES)
            or (isinstance(weight, int | float) and weight >= 600)
            or (isinstance(flags, int) and bool(flags & (1 << 18)))  # ForceBold
        )
        self.vertical = font.is_vertical()
        self.single_byte_space = not font.is_multibyte()
        self.glyphs: dict[int, tuple[str, float]] = {}

    def glyph(self, cid: int) -> tuple[str, float]:
        """The character's text and its advance width (in text-space units of one point)."""
        found = self.glyphs.get(cid)
        if found is None:
            try:
                text = self.font.to_unichr(cid)
            except PDFUnicodeNotDefined:
                text = "•" if self.single_byte_space and cid in _WINANSI_BULLETS else ""
            except Exception:  # a broken ToUnicode map: draw the glyph as nothing
                text = ""
            text = _LIGATURES.get(text, text)
            if text and any(c in BULLET_CHARACTERS for c in text):
                text = "•"
            found = self.glyphs[cid] = (text, self.font.char_width(cid))
        return found


class _Collector(PDFTextDevice):
    """A pdfminer device that keeps words, edges and small marks, page by page."""

    def __init__(self, resources, deadline: float, filename: str):
        super().__init__(resources)
        self.deadline, self.filename = deadline, filename
        self.pages: list[Page] = []
        self.fonts: dict[int, _Font] = {}
        self.page: Page | None = None

    def _check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise PDFTooLarge(
                f"“{self.filename}” took more than {MAX_SECONDS:.0f} seconds to read; "
                "upload the HTML page instead."
            )

    def begin_page(self, page, ctm) -> None:
        self._check_time()
        x0, y0, x1, y1 = page.mediabox
        width, height = abs(x1 - x0), abs(y1 - y0)
        if page.rotate in (90, 270):
            width, height = height, width
        self.page = Page(len(self.pages), width, height)
        self.pages.append(self.page)
        self.ctm = ctm

    def render_string(self, textstate, seq, ncs, graphicstate) -> None:
        self._check_time()
        font = textstate.font
        if font is None or self.page is None:
            return
        a, b, c, d, e, f = _multiply(textstate.matrix, self.ctm)
        if a <= 0 or d <= 0 or abs(b) > 0.1 * a or abs(c) > 0.1 * d:
            return  # rotated or mirrored text: margins' notes and watermarks, not the report
        known = self.fonts.get(id(font))
        if known is None or known.font is not font:
            known = self.fonts[id(font)] = _Font(font)
        if known.vertical:
            return
        fontsize = textstate.fontsize
        scaling = textstate.scaling * 0.01
        charspace = textstate.charspace * scaling
        wordspace = 0 if not known.single_byte_space else textstate.wordspace * scaling
        dxscale = 0.001 * fontsize * scaling
        size = fontsize * d
        if size < 1:
            return  # text too small to see
        x, y = textstate.linematrix
        base = self.page.height - (b * x + d * (y + textstate.rise) + f)
        words = self.page.words
        word: list[str] = []
        start = end = 0.0
        needcharspace = False
        for item in seq:
            if isinstance(item, int | float):
                x -= item * dxscale
                needcharspace = True
                continue
            if not isinstance(item, bytes):
                continue
            for cid in font.decode(item):
                if needcharspace:
                    x += charspace
                text, width = known.glyph(cid)
                advance = width * fontsize * scaling
                left = a * x + e
                if not text or (text.isspace() and text not in _NO_BREAK_SPACES):
                    if word:
                        words.append(Word(start, end, base, size, known.bold, "".join(word)))
                        word = []
                else:
                    if word and (left - end > 0.2 * size or left < end - 0.5 * size):
                        words.append(Word(start, end, base, size, known.bold, "".join(word)))
                        word = []
                    if not word:
                        start = left
                    word.append(text)
                    end = left + advance * a
                x += advance
                if cid == 32 and wordspace:
                    x += wordspace
                needcharspace = True
        if word:
            words.append(Word(start, end, base, size, known.bold, "".join(word)))
        textstate.linematrix = (x, y)

    def paint_path(self, gstate, stroke, fill, evenodd, path) -> None:
        if self.page is None or not (stroke or fill):
            return  # a path neither stroked nor filled draws nothing
        points: list[tuple[float, float]] = []
        for segment in path:
            if segment[0] == "m" and points:
                self._shape(points)
                points = []
            coordinates = segment[1:]
            for index in range(0, len(coordinates) - 1, 2):
                points.append(_apply(self.ctm, coordinates[index], coordinates[index + 1]))
        if points:
            self._shape(points)

    def _shape(self, points: list[tuple[float, float]]) -> None:
        """Keep a drawn shape as a list mark, as ruled lines, or as a box's four sides."""
        page = self.page
        xs = [p[0] for p in points]
        ys = [page.height - p[1] for p in points]
        x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
        width, height = x1 - x0, bottom - top
        if 1.2 <= width <= 9 and 1.2 <= height <= 9 and 0.5 <= width / height <= 2:
            page.marks.append(((x0 + x1) / 2, (top + bottom) / 2, max(width, height)))
            return
        if len(page.edges) > 20000:
            return  # a drawing, not a table
        if height <= 2 and width > 2:
            page.edges.append(Edge("h", x0, x1, (top + bottom) / 2, (top + bottom) / 2))
        elif width <= 2 and height > 2:
            page.edges.append(Edge("v", (x0 + x1) / 2, (x0 + x1) / 2, top, bottom))
        elif width > 2 and height > 2 and len(points) in (4, 5) and _is_box(xs, ys):
            page.edges += [
                Edge("h", x0, x1, top, top),
                Edge("h", x0, x1, bottom, bottom),
                Edge("v", x0, x0, top, bottom),
                Edge("v", x1, x1, top, bottom),
            ]


def _is_box(xs: list[float], ys: list[float]) -> bool:
    """Whether the points are the corners of an upright rectangle."""
    return len({round(x, 1) for x in xs}) <= 2 and len({round(y, 1) for y in ys}) <= 2


def _multiply(m1, m0):
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (
        a0 * a1 + c0 * b1,
        b0 * a1 + d0 * b1,
        a0 * c1 + c0 * d1,
        b0 * c1 + d0 * d1,
        a0 * e1 + c0 * f1 + e0,
        b0 * e1 + d0 * f1 + f0,
    )


def _apply(m, x, y) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f
