"""Read a report web page as text: one heading, paragraph or list item a line.

A table is written as one line per row, its cells separated by a tab, with a blank line before
and after it; a cell holding several paragraphs or list items joins them with "; ".
"""

import re

from bs4 import BeautifulSoup, NavigableString, Tag

# Page furniture, code and anything a reader never sees.
_DROPPED = frozenset(
    "script style nav header footer noscript template iframe object embed svg canvas form "
    "button select input textarea head title meta link".split()
)
_BLOCKS = frozenset(
    "p h1 h2 h3 h4 h5 h6 li dt dd div section article main aside blockquote table tr td th "
    "ul ol dl figure figcaption caption pre address details summary hr br".split()
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_HIDDEN_CLASSES = frozenset({"hidden", "visually-hidden", "govuk-visually-hidden", "sr-only"})
_SPACES = re.compile(r"[ \t\n\r\f]+")  # HTML's whitespace; a no-break space stays
_CELLS = frozenset({"td", "th"})
_ROW_GROUPS = frozenset({"thead", "tbody", "tfoot"})


def html_text(markup: str) -> str:
    """Visible text of the page; list items start with '• ', tables are tab-separated rows,
    and no markup is kept."""
    soup = BeautifulSoup(markup, "html.parser")
    lines = _Lines()
    _walk(soup, lines)
    lines.end_line()
    return "\n".join(lines.done)


class _Lines:
    """Collects text into lines, starting a new one at each block element."""

    def __init__(self):
        self.done: list[str] = []
        self.parts: list[str] = []
        self.prefix = ""
        self.in_cell = False

    def end_line(self) -> None:
        line = _SPACES.sub(" ", "".join(self.parts)).strip(" ")
        self.parts = []
        if line:
            self.done.append(self.prefix + line)
            self.prefix = ""


def _walk(node: Tag, lines: _Lines) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # not a comment, doctype or CDATA
                lines.parts.append(str(child))
            continue
        if not isinstance(child, Tag) or child.name in _DROPPED or _is_hidden(child):
            continue
        if child.name == "table" and not lines.in_cell:
            lines.end_line()
            _table(child, lines)
        elif child.name == "img" and lines.in_cell:
            lines.parts.append(" " + child.get("alt", "") + " ")  # a grade shown as a picture
        elif child.name in _BLOCKS:
            lines.end_line()
            if child.name == "li":
                lines.prefix = "• "
            _walk(child, lines)
            lines.end_line()
        else:
            _walk(child, lines)


def _table(table: Tag, lines: _Lines) -> None:
    """Write the table's caption, then its rows as tab-separated cells between blank lines."""
    caption = table.find("caption")
    if caption is not None and not _is_hidden(caption):
        _walk(caption, lines)
        lines.end_line()
    rows = []
    for row in _rows(table):
        cells = [_cell_text(cell) for cell in row.find_all(_CELLS, recursive=False)]
        if any(cells) and not _is_hidden(row):
            rows.append("\t".join(cells))
    if rows:
        lines.done += ["", *rows, ""]


def _rows(table: Tag) -> list[Tag]:
    """The table's own rows, in order, whether or not they sit in thead, tbody or tfoot."""
    rows = []
    for child in table.find_all(True, recursive=False):
        if child.name == "tr":
            rows.append(child)
        elif child.name in _ROW_GROUPS:
            rows += child.find_all("tr", recursive=False)
    return rows


def _cell_text(cell: Tag) -> str:
    if _is_hidden(cell):
        return ""
    inner = _Lines()
    inner.in_cell = True
    _walk(cell, inner)
    inner.end_line()
    return "; ".join(line.removeprefix("• ") for line in inner.done)


def _is_hidden(tag: Tag) -> bool:
    if tag.has_attr("hidden") or tag.get("aria-hidden") == "true":
        return True
    if tag.name == "input" and tag.get("type") == "hidden":
        return True
    classes = tag.get("class") or []
    return bool(_HIDDEN_STYLE.search(tag.get("style", ""))) or bool(_HIDDEN_CLASSES & set(classes))
