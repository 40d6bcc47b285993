"""Find tables on a PDF page: ruled ones from their drawn lines (pdfplumber's table finder),
and unruled ones from words set in aligned columns.

A table reaches the parser as the web page's tables do: a line a row, its cells separated by
tabs, with a blank line before and after.
"""

from dataclasses import dataclass

from pdfplumber.table import (
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)

from .pdf_layout import Page, Word

_TOLERANCE = 3  # points: pdfplumber's default snap, join and intersection tolerance
_ALIGNED = 4  # points: cells whose edges lie this close share a column


@dataclass
class Table:
    top: float  # where it starts down the page, to put it in place among the lines
    rows: list[list[str]]

    def text_lines(self) -> list[str]:
        """The rows as the parser reads them, framed by blank lines."""
        return ["", *("\t".join(row) for row in self.rows), ""]


def ruled_tables(page: Page) -> tuple[list[Table], list[Word]]:
    """The page's ruled tables, and the words left outside them."""
    if len(page.edges) < 6:
        return [], page.words
    edges = [
        {
            "x0": e.x0,
            "x1": e.x1,
            "top": e.top,
            "bottom": e.bottom,
            "doctop": e.top,
            "width": e.x1 - e.x0,
            "height": e.bottom - e.top,
            "orientation": e.orientation,
        }
        for e in page.edges
    ]
    edges = merge_edges(edges, _TOLERANCE, _TOLERANCE, _TOLERANCE, _TOLERANCE)
    edges = [e for e in edges if max(e["width"], e["height"]) >= 3]
    intersections = edges_to_intersections(edges, _TOLERANCE, _TOLERANCE)
    cells = intersections_to_cells(intersections)
    tables, words = [], page.words
    for cell_boxes in cells_to_tables(cells):
        tops = {round(top) for _, top, _, _ in cell_boxes}
        lefts = {round(x0) for x0, _, _, _ in cell_boxes}
        if len(tops) < 2 or len(lefts) < 2:
            continue  # a box drawn round a passage, not a table
        inside, words = _split_words(words, cell_boxes)
        if not inside:
            continue
        rows: dict[int, list[str]] = {}
        for box in sorted(cell_boxes, key=lambda b: (round(b[1]), b[0])):
            rows.setdefault(round(box[1]), []).append(_cell_text(inside, box))
        kept = [row for row in rows.values() if any(row)]
        if kept:
            tables.append(Table(min(b[1] for b in cell_boxes), kept))
    return tables, words


def _split_words(words: list[Word], boxes) -> tuple[list[tuple[Word, tuple]], list[Word]]:
    """The words inside the cells (each with its cell) and the words outside them."""
    inside, outside = [], []
    for word in words:
        middle_x, middle_y = (word.x0 + word.x1) / 2, word.base - 0.3 * word.size
        for box in boxes:
            if box[0] <= middle_x <= box[2] and box[1] <= middle_y <= box[3]:
                inside.append((word, box))
                break
        else:
            outside.append(word)
    return inside, outside


def _cell_text(inside: list[tuple[Word, tuple]], box) -> str:
    words = sorted((w for w, b in inside if b is box), key=lambda w: (round(w.base), w.x0))
    return " ".join(" ".join(w.text for w in words).split())


def aligned_tables(lines: list) -> list[tuple[int, int, Table]]:
    """Runs of lines set out in aligned columns: (first index, last index, table).

    `lines` are a page's lines in order, each with `segments` (its words split where the space
    is wide), `base`, `size` and `top`. A run is two or more lines of two or more cells in the same
    columns, or a heading row of three or more cells with rows under it that fill some of its
    columns (a table with a column per grade, each listing its areas).
    """
    found = []
    index = 0
    while index < len(lines):
        end = index
        while (
            end < len(lines)
            and len(lines[end].segments) >= 2
            and (end == index or _close_under(lines[end - 1], lines[end]))
        ):
            end += 1
        columns: list[_Column] = []
        if end - index >= 2:
            columns = _columns([s for line in lines[index:end] for s in line.segments])
            if len(columns) < 2 or not _aligned(lines[index:end], columns):
                columns = []
        if not columns and len(lines[index].segments) >= 3:
            columns, end = [_Column(s[0].x0) for s in lines[index].segments], index + 1
        if columns:
            while end < len(lines) and _continues(lines[end - 1], lines[end], columns):
                end += 1
            if end - index >= 2:
                found.append((index, end - 1, _table(lines[index:end], columns)))
                index = end
                continue
        index = max(end, index + 1)
    return found


def _close_under(before, line) -> bool:
    """Whether the line sits close under the one before it (a table has no wide gaps)."""
    return 0 < line.base - before.base <= 3 * max(line.size, before.size)


@dataclass
class _Column:
    left: float  # where its cells start (the leftmost, for a right-aligned column)
    right: float | None = None  # where its cells end, for a column of right-aligned figures


def _columns(segments: list[list[Word]]) -> list[_Column]:
    """Columns that at least two cells share: by their starts, or failing that their ends."""
    columns = [_Column(group[0][0].x0) for group in _groups(segments, lambda s: s[0].x0)]
    loose = [s for s in segments if _column_of(s, columns) is None]
    for group in _groups(loose, lambda s: s[-1].x1):
        columns.append(_Column(min(s[0].x0 for s in group), max(s[-1].x1 for s in group)))
    return sorted(columns, key=lambda column: column.left)


def _groups(segments: list[list[Word]], place) -> list[list[list[Word]]]:
    groups: list[list[list[Word]]] = []
    for segment in sorted(segments, key=place):
        if groups and place(segment) - place(groups[-1][-1]) <= _ALIGNED:
            groups[-1].append(segment)
        else:
            groups.append([segment])
    return [group for group in groups if len(group) >= 2]


def _column_of(segment: list[Word], columns: list[_Column]) -> int | None:
    for index, column in enumerate(columns):
        if column.right is None and abs(segment[0].x0 - column.left) <= _ALIGNED:
            return index
        if column.right is not None and abs(segment[-1].x1 - column.right) <= _ALIGNED:
            return index
    return None


def _aligned(lines: list, columns: list[_Column]) -> bool:
    segments = [s for line in lines for s in line.segments]
    placed = sum(1 for s in segments if _fits(s, columns))
    return placed >= 0.8 * len(segments)


def _fits(segment: list[Word], columns: list[_Column]) -> bool:
    """Whether the cell sits in a column and ends before the next one starts."""
    place = _column_of(segment, columns)
    if place is None:
        return False
    return place + 1 >= len(columns) or segment[-1].x1 <= columns[place + 1].left + 2


def _continues(before, line, columns: list[_Column]) -> bool:
    """A line under the table that is still one of its rows: close, and with every cell in a
    column (a row may leave cells empty)."""
    if not _close_under(before, line):
        return False
    if not all(_fits(s, columns) for s in line.segments):
        return False
    places = [_column_of(s, columns) for s in line.segments]
    return len(places) >= 2 or places[0] > 0 or len(columns) >= 3


def _table(lines: list, columns: list[_Column]) -> Table:
    rows: list[list[str]] = []
    for line in lines:
        row = [""] * len(columns)
        for segment in line.segments:
            place = _column_of(segment, columns)
            if place is None:  # between columns: the nearest one to its left
                x = segment[0].x0
                place = max([i for i, c in enumerate(columns) if c.left <= x + _ALIGNED] or [0])
            text = " ".join(w.text for w in segment)
            row[place] = f"{row[place]} {text}".strip()
        if rows and _wraps(rows[-1], row):
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], row, strict=True)]
        else:
            rows.append(row)
    return Table(lines[0].top, rows)


def _wraps(previous: list[str], row: list[str]) -> bool:
    """Whether the row only carries on the cells above it: every cell it fills goes on from a
    filled cell, starting in lower case."""
    filled = [i for i, cell in enumerate(row) if cell]
    return bool(filled) and all(previous[i] and row[i][:1].islower() for i in filled)
