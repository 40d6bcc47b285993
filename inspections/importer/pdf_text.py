"""Read a report PDF as text, rebuilding its structure from the layout rather than the glyphs.

A PDF only places words on pages. From their positions this rebuilds what the web page says
with markup, in the same text form the other readers give the parser: one heading, paragraph
or list item a line, list items starting "• ", and tables as tab-separated rows framed by
blank lines.

- Running headers and footers (lines repeated at the same place on most pages) and page
  numbers ("3", "Page 3 of 20", "- 3 -") are dropped before anything else.
- A list item starts at a bullet, whether drawn as a character or as a shape, at a number or
  letter set apart from its text, or at a hanging indent; an indented run after a line ending
  in a colon is a list even with no marks at all.
- A paragraph ends where the line is short (the next line's first word would have fitted), at
  a wider gap than the line spacing, or where the type size, weight or indent changes; across
  a page break it goes on where the last line was full.
- A word broken with a hyphen at a line's end is mended unless the report writes it with one.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import accumulate

from .errors import ReportError
from .pdf_layout import Page, Word, read_pages
from .pdf_tables import Table, aligned_tables, ruled_tables

_PAGE_NUMBER = re.compile(
    r"(?:page\s*)?[-–—(]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-–—)]?(?:\s*(?:of|/)\s*\d{1,4})?",
    re.IGNORECASE,
)
_NUMBERING = re.compile(r"\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]", re.IGNORECASE)
_DASH_MARKERS = frozenset("-–—*o")
_SENTENCE_END = re.compile(r"[.:;!?][\"'”’)\]]*$")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LEADER = re.compile(r"[.…·_]{3,}")
_SEGMENT_GAP = 1.2  # type sizes: a wider space splits a line into table cells or columns


@dataclass(eq=False)
class _Line:
    page: int
    words: list[Word]  # after any list mark
    segments: list[list[Word]]  # all the words, split where a wide space parts them
    base: float
    size: float
    bold: bool
    x0: float  # where the line starts, at any list mark
    x1: float
    text: str
    marker: bool = False
    region: tuple = ()  # (page, band, column): text in one region flows line to line
    floor: float | None = None  # where the region's text ends, when not at the page's foot

    @property
    def top(self) -> float:
        """Where the line's type reaches up to, near enough."""
        return self.base - self.size

    @property
    def text_x(self) -> float:
        """Where the text starts, after any list mark."""
        return self.words[0].x0

    @property
    def first_width(self) -> float:
        """The width of the text's first word."""
        return self.words[0].x1 - self.words[0].x0


@dataclass
class _Block:
    kind: str  # "heading", "paragraph" or "item"
    lines: list[_Line] = field(default_factory=list)
    hanging: bool = False
    unmarked: float = 0.0  # for an item of a list without marks: where its items start

    @property
    def last(self) -> _Line:
        return self.lines[-1]


def pdf_text(data: bytes, filename: str) -> str:
    """The PDF's text, a paragraph a line; refuse encrypted, broken or image-only PDFs."""
    pages = read_pages(data, filename)
    if not any(page.words for page in pages):
        raise ReportError(
            f"“{filename}” has no text layer (perhaps scanned pages): "
            "upload the HTML page or a PDF with text."
        )
    found = [ruled_tables(page) for page in pages]
    lines = [_lines(page, words) for page, (_, words) in zip(pages, found, strict=True)]
    furniture = _furniture(lines, pages)
    lines = [[line for line in page_lines if line not in furniture] for page_lines in lines]
    body_size = _body_size([line for page_lines in lines for line in page_lines])
    notes: list[_Line] = []
    flow: list[_Line | Table] = []
    for page, page_lines, (tables, _) in zip(pages, lines, found, strict=True):
        page_lines, page_notes = _split_footnotes(page, page_lines, body_size)
        notes += page_notes
        page_lines = _in_reading_order(page, page_lines)
        _find_markers(page, page_lines)
        flow += _with_tables(page_lines, tables)
    flow += notes  # footnotes after the report, never inside a paragraph they interrupt
    return "\n".join(_Writer(flow).paragraphs())


def _lines(page: Page, words: list[Word]) -> list[_Line]:
    """The page's words gathered into lines, top to bottom, each left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.base):
        if lines and word.base - lines[-1][0].base <= 0.3 * max(word.size, lines[-1][0].size):
            lines[-1].append(word)
        else:
            lines.append([word])
    built = [_line(page, words) for words in lines]
    return [line for line in _without_superscripts(built) if line.text]


def _line(page: Page, words: list[Word]) -> _Line:
    """One line's words, left to right and mended (see `_joined`), split into segments."""
    words.sort(key=lambda w: w.x0)
    segments = _segments(_joined(words))
    joined = [word for segment in segments for word in segment]
    if not joined:  # nothing but dot leaders
        joined = [Word(words[0].x0, words[-1].x1, words[0].base, words[0].size, False, "")]
        segments = [joined]
    if len(segments) > 1 and len(segments[0]) == 1 and _is_mark(segments[0][0].text):
        segments[:2] = [segments[0] + segments[1]]  # a list's mark set apart: not a cell
    weights: Counter = Counter()
    bold = 0
    for word in joined:
        weights[round(word.size * 2) / 2] += len(word.text)
        bold += len(word.text) if word.bold else 0
    return _Line(
        page.number,
        joined,
        segments,
        base=Counter(round(w.base, 1) for w in joined).most_common(1)[0][0],
        size=weights.most_common(1)[0][0],
        bold=bold >= 0.9 * sum(weights.values()),
        x0=joined[0].x0,
        x1=joined[-1].x1,
        text=" ".join(w.text for w in joined),
    )


def _joined(words: list[Word]) -> list[Word]:
    """The line's words without doubles or footnote marks, with touching pieces joined."""
    usual = Counter(round(w.size) for w in words).most_common(1)[0][0]
    joined: list[Word] = []
    for word in words:
        last = joined[-1] if joined else None
        if last and word.text == last.text and abs(word.x0 - last.x0) < 1:
            continue  # drawn twice over, as a heavier weight is sometimes faked
        if word.size < 0.8 * usual and word.text.isdigit() and len(words) > 1:
            continue  # a footnote's mark, raised in small type beside the text
        if last and -0.5 * word.size < word.x0 - last.x1 < 0.12 * word.size:
            joined[-1] = Word(
                last.x0, word.x1, last.base, last.size, last.bold, last.text + word.text
            )
        else:
            joined.append(word)
    return joined


def _segments(words: list[Word]) -> list[list[Word]]:
    """The words split where a wide space or dot leaders part them (table cells, columns);
    the leaders themselves dropped."""
    segments: list[list[Word]] = []
    leader = False
    for word in words:
        if _LEADER.fullmatch(word.text):
            leader = True  # dots leading to a page number: a gap between cells
            continue
        if segments and not leader and word.x0 - segments[-1][-1].x1 <= _SEGMENT_GAP * word.size:
            segments[-1].append(word)
        else:
            segments.append([word])
        leader = False
    return segments


def _is_mark(text: str) -> bool:
    return text == "•" or text in _DASH_MARKERS or bool(_NUMBERING.fullmatch(text))


def _without_superscripts(lines: list[_Line]) -> list[_Line]:
    """Drop footnote marks: small figures set just above a line of larger type."""
    kept = []
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        small_digits = all(w.text.strip("*†‡,").isdigit() for w in line.words)
        if (
            small_digits
            and following is not None
            and line.size < 0.85 * following.size
            and 0 < following.base - line.base < 0.8 * following.size
        ):
            continue
        kept.append(line)
    return kept


def _find_markers(page: Page, lines: list[_Line]) -> None:
    """Mark the lines that start a list item, and drop a typed mark from their words."""
    numbered = [
        line for line in lines if len(line.words) > 1 and _NUMBERING.fullmatch(line.words[0].text)
    ]
    starts = Counter(round(line.x0) for line in lines)
    starts.update(round(line.words[1].x0) for line in numbered)
    for line in lines:
        first, rest = line.words[0], line.words[1:]
        if first.text == "•" and not rest:
            continue  # a bullet alone on its line starts nothing
        if _typed_mark(first, rest) or (line in numbered and _hung_number(first, rest, starts)):
            _drop_first(line)
            line.marker = True
        elif first.text.startswith("•"):  # typed against its text, with no space
            first.text = first.text.lstrip("•")
            line.text = line.text.lstrip("• ")
            line.marker = True
        else:
            line.marker = _beside_drawn_mark(line, page.marks)


def _typed_mark(first: Word, rest: list[Word]) -> bool:
    """A bullet, or a dash set apart from the text it marks."""
    return first.text == "•" or (
        first.text in _DASH_MARKERS and bool(rest) and _apart(first, rest[0], 0.5)
    )


def _hung_number(first: Word, rest: list[Word], starts: Counter) -> bool:
    """A number set apart, or hung left of where the item's text lines up with others."""
    return _apart(first, rest[0], 0.45) or starts[round(rest[0].x0)] >= 2


def _beside_drawn_mark(line: _Line, marks: list[tuple[float, float, float]]) -> bool:
    """Whether a small shape (a browser's disc, circle or square) is drawn just left of the
    line's start, at its height."""
    return any(
        line.x0 - 3 * line.size <= x < line.x0 - 0.1 * line.size
        and line.base - 0.8 * line.size <= y <= line.base
        and size <= 0.6 * line.size
        for x, y, size in marks
    )


def _apart(first: Word, second: Word, spaces: float) -> bool:
    return second.x0 - first.x1 >= spaces * first.size


def _drop_first(line: _Line) -> None:
    line.words = line.words[1:]
    line.text = " ".join(w.text for w in line.words)


def _in_reading_order(page: Page, lines: list[_Line]) -> list[_Line]:
    """The page's lines in reading order, each with its region. Where the page is set in two
    columns (a gutter that no line crosses, with text either side), a band of two-column lines
    is read down the left column, then the right; a line across the gutter ends the band."""
    gutter = _gutter(lines)
    if gutter is None:
        for line in lines:
            line.region = (page.number, 0, 0)
        return lines
    ordered: list[_Line] = []
    columns: tuple[list[_Line], list[_Line]] = ([], [])
    number = 0
    for line in lines:
        left = [w for w in line.words if w.x1 <= gutter]
        right = [w for w in line.words if w.x0 >= gutter]
        if len(left) + len(right) < len(line.words):  # across the gutter: a band of its own
            ordered += _band(columns, page.number, number)
            line.region = (page.number, number + 1, 0)
            ordered.append(line)
            columns, number = ([], []), number + 2
            continue
        for column, words in zip(columns, (left, right), strict=True):
            if words:
                column.append(line if len(words) == len(line.words) else _line(page, words))
    return ordered + _band(columns, page.number, number)


def _band(columns: tuple[list[_Line], list[_Line]], page: int, number: int) -> list[_Line]:
    """A band's lines, down the left column then the right, each with its region; the text
    of both columns ends at the band's last line."""
    floor = max((line.base for column in columns for line in column), default=None)
    for index, column in enumerate(columns):
        for line in column:
            line.region, line.floor = (page, number, index), floor
    return columns[0] + columns[1]


_GUTTER_STEP = 2.0  # points: the width of the strips a page is cut into to find a gutter


def _gutter(lines: list[_Line]) -> float | None:
    """The middle of a vertical strip down the page that nearly no line crosses and that has
    at least five lines either side; None for a page in one column."""
    if len(lines) < 10:
        return None
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    if right <= left:
        return None
    crossing = _crossings(lines, left, int((right - left) / _GUTTER_STEP) + 1)
    limit = max(1, 0.05 * len(lines))
    middle = (left + right) / 2
    clear = [
        slot
        for slot in range(int(0.25 * len(crossing)), int(0.75 * len(crossing)))
        if crossing[slot] <= limit and _text_either_side(lines, left + slot * _GUTTER_STEP)
    ]
    if not clear:
        return None
    # the strip round the clear slot nearest the middle, widened while it stays clear
    low = high = min(clear, key=lambda slot: abs(left + slot * _GUTTER_STEP - middle))
    while low > 0 and crossing[low - 1] <= limit:
        low -= 1
    while high + 1 < len(crossing) and crossing[high + 1] <= limit:
        high += 1
    if (high - low + 1) * _GUTTER_STEP < 6:
        return None
    return left + (low + high + 1) / 2 * _GUTTER_STEP


def _crossings(lines: list[_Line], left: float, slots: int) -> list[int]:
    """How many lines cross each strip from `left`; a wide gap inside a line is no crossing.
    Counted as changes where lines start and stop crossing, then added up."""
    changes = [0] * (slots + 1)
    for line in lines:
        start, end = int((line.x0 - left) / _GUTTER_STEP), int((line.x1 - left) / _GUTTER_STEP)
        if start <= end:
            changes[start] += 1
            changes[end + 1] -= 1
        for before, after in zip(line.words, line.words[1:], strict=False):
            if after.x0 - before.x1 > 1.5 * line.size:
                start = int((before.x1 - left) / _GUTTER_STEP) + 1
                end = int((after.x0 - left) / _GUTTER_STEP)
                if start < end:
                    changes[start] -= 1
                    changes[end] += 1
    return list(accumulate(changes[:slots]))


def _text_either_side(lines: list[_Line], x: float) -> bool:
    """Whether at least five lines start left of x and five end right of it."""
    return (
        sum(1 for line in lines if line.words[0].x1 < x) >= 5
        and sum(1 for line in lines if line.words[-1].x0 > x) >= 5
    )


def _split_footnotes(
    page: Page, lines: list[_Line], body_size: float
) -> tuple[list[_Line], list[_Line]]:
    """The page's lines without its footnotes (small type at the foot, opening with a number
    or mark), and the footnotes. A page with footnotes ends its text above them."""
    index = len(lines)
    while (
        index > 0
        and lines[index - 1].size <= 0.88 * body_size
        and lines[index - 1].base > 0.55 * page.height
    ):
        index -= 1
    notes = lines[index:]
    if not notes or not re.match(r"[\d*†‡§]", notes[0].text):
        return lines, []
    for note in notes:
        note.region = (page.number, -1, 0)
    floor = notes[0].top
    for line in lines[:index]:
        line.floor = floor
    return lines[:index], notes


def _furniture(pages_lines: list[list[_Line]], pages: list[Page]) -> set[_Line]:
    """Running headers and footers, and page numbers: the lines at the top or bottom of pages
    that repeat at the same place on most pages (figures aside), or are only a page number."""
    candidates = []
    for lines in pages_lines:
        if not lines:
            continue
        height = pages[lines[0].page].height
        for index, line in enumerate(lines):
            if 3 <= index < len(lines) - 3 or 0.2 * height <= line.base <= 0.8 * height:
                continue
            before = lines[index - 1] if index else None
            after = lines[index + 1] if index + 1 < len(lines) else None
            if _set_apart(before, line) or _set_apart(line, after):  # in the margin
                candidates.append(line)
    dropped = {line for line in candidates if _PAGE_NUMBER.fullmatch(line.text.strip())}
    used = sum(1 for lines in pages_lines if lines)
    needed = max(2, (used + 1) // 2)
    places: dict[tuple, set[int]] = defaultdict(set)
    for line in candidates:
        places[_furniture_key(line)].add(line.page)
    slots: dict[tuple, set[int]] = defaultdict(set)
    for line in candidates:
        if len(places[_furniture_key(line)]) >= needed:
            dropped.add(line)
            slots[_height(line), line.size].add(line.page)
    for line in candidates:  # a header naming each page's section: same place, same type
        if len(slots.get((_height(line), line.size), ())) >= needed:
            dropped.add(line)
    return dropped


def _set_apart(upper: _Line | None, lower: _Line | None) -> bool:
    """Whether a wider gap than a paragraph's parts have lies between the two lines."""
    if upper is None or lower is None:
        return True
    return lower.base - upper.base > 1.6 * max(upper.size, lower.size)


def _furniture_key(line: _Line) -> tuple:
    """The line's words, any number standing for all, and its height on the page."""
    text = re.sub(r"\d+", "#", " ".join(line.text.lower().split()))
    return text, _height(line)


def _height(line: _Line) -> int:
    """The line's height on the page, to 4 points: running lines drift that little."""
    return round(line.base / 4)


def _with_tables(lines: list[_Line], tables: list[Table]) -> list:
    """The page's lines with its tables in place: ruled ones, then any set in aligned columns."""
    items: list = []
    runs = aligned_tables(lines)
    index = 0
    for first, last, table in runs:
        items += lines[index:first]
        items.append(table)
        index = last + 1
    items += lines[index:]
    for table in tables:
        position = next((i for i, item in enumerate(items) if item.top > table.top), len(items))
        items.insert(position, table)
    return items


class _Writer:
    """Join lines into headings, paragraphs and list items, and write them out."""

    def __init__(self, flow: list):
        self.flow = flow
        lines = [item for item in flow if isinstance(item, _Line)]
        self.body_size = _body_size(lines)
        self.pitch = _pitches(lines)
        self.right = _right_edges(lines)
        self.left = _left_edges(lines)
        self.vocabulary = _vocabulary(lines)
        self.spaced = self._spaces_paragraphs(lines)
        self.bottom = _usual_bottom(lines)

    def paragraphs(self) -> list[str]:
        out: list[str] = []
        block: _Block | None = None
        previous_text = ""
        for item in self.flow:
            if isinstance(item, Table):
                if block:
                    out.append(self.write(block))
                    block = None
                out += item.text_lines()
                continue
            kind = self.kind(item)
            if block is not None and self.continues(block, item, kind):
                block.lines.append(item)
                if block.kind == "paragraph" and len(block.lines) == 2:
                    block.hanging = item.x0 > block.lines[0].x0 + 2
                continue
            if block is not None:
                previous_text = self.write(block)
                out.append(previous_text)
            unmarked = block.unmarked if block is not None and block.kind == "item" else 0.0
            block = _Block(kind, [item])
            if kind == "paragraph" and (
                self.is_unmarked_item(item, previous_text)
                or (unmarked and abs(item.x0 - unmarked) <= 2)
            ):
                block.kind, block.unmarked = "item", item.x0
        if block is not None:
            out.append(self.write(block))
        return [p for index, p in enumerate(out) if p or (index and out[index - 1])]

    def kind(self, line: _Line) -> str:
        """A marked line starts a list item; larger or wholly bold type is a heading's."""
        if line.marker:
            return "item"
        if line.size > self.body_size + 0.9 or (line.bold and len(line.text) < 200):
            return "heading"
        return "paragraph"

    def continues(self, block: _Block, line: _Line, kind: str) -> bool:
        """Whether the line goes on with the block rather than starting another."""
        last = block.last
        if kind == "item" or (kind == "heading") != (block.kind == "heading"):
            return False
        if abs(line.size - last.size) > 0.6 or line.bold != last.bold:
            return False
        same_region = line.region == last.region
        gap = line.base - last.base
        if not same_region and not self.fills_page(last):
            return False  # the page ended early: what follows did not fit, so it is new
        if block.kind == "heading":
            if not same_region:  # a heading broken over a page, as a paragraph can be
                return not self.is_short(last, line)
            return 0 < gap <= 1.6 * line.size
        if same_region and (gap <= 0 or self.is_loose(last, line)):
            return False  # a wider gap than the line spacing, or back up the page (a float)
        if self.is_short(last, line) and not (same_region and self.spaced and self.most(last)):
            return False  # where paragraphs are spaced apart, a tight line goes on with one
        return self.indent_fits(block, line)

    def most(self, last: _Line) -> bool:
        """Whether the line fills most of the measure (a word bound to the next by a no-break
        space may have gone over to the next line; a line of a few words did not wrap)."""
        left = self.left.get(last.region, last.x0)
        right = self.right.get(last.region, last.x1)
        return last.x1 - left >= 0.7 * (right - left)

    def fills_page(self, last: _Line) -> bool:
        """Whether the line is at the foot of the text on its page, as a paragraph broken
        over a page leaves it."""
        pitch = self.pitch.get(last.size, 1.2 * last.size)
        if last.floor is not None:  # a column in a band, or a page with footnotes
            return last.base >= last.floor - 4 * pitch
        return last.base >= self.bottom - 1.2 * pitch

    def is_loose(self, last: _Line, line: _Line) -> bool:
        """Whether the gap between the lines is wider than the type's line spacing."""
        return line.base - last.base > 1.35 * self.pitch.get(line.size, 1.2 * line.size)

    def _spaces_paragraphs(self, lines: list[_Line]) -> bool:
        """Whether the report sets its paragraphs apart with space: a line that ends a
        sentence well short of the margin is nearly always followed by a wider gap."""
        loose = tight = 0
        for last, line in zip(lines, lines[1:], strict=False):
            if last.region != line.region or last.size != line.size or line.size != self.body_size:
                continue
            right = self.right.get(last.region, last.x1)
            if _SENTENCE_END.search(last.text) and right - last.x1 > 0.2 * (right - last.x0):
                if line.base - last.base > 4 * line.size:
                    continue
                if self.is_loose(last, line):
                    loose += 1
                else:
                    tight += 1
        return loose + tight >= 5 and loose >= 0.75 * (loose + tight)

    def is_short(self, last: _Line, line: _Line) -> bool:
        """Whether the line ended early: the next line's first word would have fitted."""
        right = self.right.get(last.region, last.x1)
        return right - last.x1 > line.first_width + 0.6 * line.size

    def indent_fits(self, block: _Block, line: _Line) -> bool:
        first = block.lines[0]
        if block.kind == "item":
            # wrapped under the text, or under the mark when the list is set that way
            return (
                abs(line.x0 - first.text_x) <= 2
                or abs(line.x0 - first.x0) <= 2
                or (len(block.lines) > 1 and abs(line.x0 - block.lines[1].x0) <= 2)
            )
        if len(block.lines) == 1:
            if line.region != first.region:
                return abs(line.x0 - self.left.get(line.region, line.x0)) <= 2
            return line.x0 <= first.x0 + 2 or line.x0 - first.x0 < 4 * line.size
        return abs(line.x0 - block.lines[1].x0) <= 2 or (
            line.region != block.last.region
            and abs(line.x0 - self.left.get(line.region, line.x0)) <= 2
            and not block.hanging
        )

    def is_unmarked_item(self, line: _Line, previous_text: str) -> bool:
        """An indented line after one ending in a colon starts a list with no marks."""
        left = self.left.get(line.region, line.x0)
        return previous_text.endswith(":") and line.x0 > left + 0.8 * line.size

    def write(self, block: _Block) -> str:
        text = ""
        for line in block.lines:
            text = self.join(text, line.text) if text else line.text
        text = " ".join(text.split())
        if block.hanging:  # its number or mark hangs in the margin: drop it for the bullet
            first, _, rest = text.partition(" ")
            text = rest if rest and _is_mark(first) else text
        if block.kind == "item" or block.hanging:
            return "• " + text
        return text

    def join(self, before: str, after: str) -> str:
        """Join two lines of one paragraph, mending a word hyphenated at the line's end."""
        if before.endswith("\u00ad"):
            return before[:-1] + after
        if (
            before.endswith("-")
            and len(before) > 1
            and before[-2].isalpha()
            and after[:1].islower()
        ):
            return before + after if self.keeps_hyphen(before, after) else before[:-1] + after
        if before.endswith(("/", "—")) and not before.endswith(" —"):
            return before + after
        return before + " " + after

    def keeps_hyphen(self, before: str, after: str) -> bool:
        """Whether the report writes the word broken over the lines with its hyphen: it does
        so elsewhere, or writes both halves as words and never the two joined."""
        left = _WORD.findall(before[-40:])
        right = _WORD.match(after)
        if not (left and right):
            return False
        head, tail = left[-1].lower(), right.group().lower()
        if (head + tail) in self.vocabulary and f"{head}-{tail}" not in self.vocabulary:
            return False
        return f"{head}-{tail}" in self.vocabulary or (
            head.split("-")[-1] in self.vocabulary and tail in self.vocabulary
        )


def _body_size(lines: list[_Line]) -> float:
    sizes = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _pitches(lines: list[_Line]) -> dict[float, float]:
    """The line spacing of each type size: the smallest gap that recurs between its lines."""
    gaps: dict[float, Counter] = defaultdict(Counter)
    for before, after in zip(lines, lines[1:], strict=False):
        gap = after.base - before.base
        if before.region == after.region and before.size == after.size:
            if 0.9 * after.size < gap < 2.5 * after.size:
                gaps[after.size][round(gap * 2) / 2] += 1
    pitch = {}
    for size, counter in gaps.items():
        recurring = [gap for gap, count in counter.items() if count > 1]
        pitch[size] = min(recurring or counter)
    return pitch


def _right_edges(lines: list[_Line]) -> dict[tuple, float]:
    """Each region's right margin: where its full lines end (the document's, in a region whose
    lines are all short)."""
    by_region: dict[tuple, list[float]] = defaultdict(list)
    for line in lines:
        by_region[line.region].append(line.x1)
    rights = {region: max(xs) for region, xs in by_region.items()}
    for column in {region[2] for region in rights}:
        same = sorted(x for region, x in rights.items() if region[2] == column)
        usual = same[len(same) // 2]
        for region, x in rights.items():
            if region[2] == column:
                rights[region] = max(x, usual)
    return rights


def _left_edges(lines: list[_Line]) -> dict[tuple, float]:
    """Each region's left margin: the leftmost place where many of its lines start."""
    by_region: dict[tuple, Counter] = defaultdict(Counter)
    for line in lines:
        by_region[line.region][round(line.x0)] += len(line.text)
    lefts = {}
    for region, counter in by_region.items():  # the leftmost start that holds much of the text
        total = sum(counter.values())
        lefts[region] = min(x for x, weight in counter.items() if weight >= 0.15 * total)
    return lefts


def _usual_bottom(lines: list[_Line]) -> float:
    """Where the text on a full page ends: the last lines of most pages reach this far."""
    last: dict[int, float] = {}
    for line in lines:
        last[line.page] = max(last.get(line.page, 0.0), line.base)
    bottoms = sorted(last.values())
    return bottoms[int(0.8 * (len(bottoms) - 1))] if bottoms else 0.0


def _vocabulary(lines: list[_Line]) -> set[str]:
    """The words the report writes whole, to tell a hyphenated word from a broken one."""
    words: set[str] = set()
    for line in lines:
        for word in _WORD.findall(line.text[: len(line.text) - len(line.words[-1].text)]):
            lowered = word.lower()
            words.add(lowered)
            words.update(lowered.split("-"))
    return words
