"""Read a report web page as text: one heading, paragraph or list item a line."""

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


def html_text(markup: str) -> str:
    """Visible text of the page; list items start with '• ', and no markup is kept."""
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
        if child.name in _BLOCKS:
            lines.end_line()
            if child.name == "li":
                lines.prefix = "• "
            _walk(child, lines)
            lines.end_line()
        else:
            _walk(child, lines)


def _is_hidden(tag: Tag) -> bool:
    if tag.has_attr("hidden") or tag.get("aria-hidden") == "true":
        return True
    if tag.name == "input" and tag.get("type") == "hidden":
        return True
    classes = tag.get("class") or []
    return bool(_HIDDEN_STYLE.search(tag.get("style", ""))) or bool(_HIDDEN_CLASSES & set(classes))
