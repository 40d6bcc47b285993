"""Rules for plain text from outside: no hidden control or text-direction characters.

Everything people type (narratives, comments, reasons, links, file names) and everything the
importer reads is plain text, escaped on output; no field takes markup. Two kinds of character
are never wanted in it:

- control characters other than tab and line breaks, which PostgreSQL refuses (NUL) or which
  show as nothing;
- the explicit embeddings, overrides and isolates of the Unicode bidirectional algorithm
  (U+202A–U+202E, U+2066–U+2069), which make text read differently from what it holds:
  "report", U+202E, "fdp.exe" shows as "reportexe.pdf". Right-to-left letters, and the marks
  U+200E and U+200F that mixed text may need, stay allowed.

Typed text holding either is refused with a message naming the character; an imported report
has them removed, with a warning, since the report's own words are what matter.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

HIDDEN_CHARACTER = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 controls but tab, LF and CR; DEL; C1
    "\u202a-\u202e\u2066-\u2069]"  # bidirectional embeddings, overrides and isolates
)
_DIRECTION = re.compile("[\u202a-\u202e\u2066-\u2069]")
_PAGE_BREAKS = str.maketrans({"\f": "\n", "\v": "\n"})


def strip_hidden_characters(text: str) -> tuple[str, int]:
    """The text without hidden characters, and how many were removed; a form feed or vertical
    tab (a page break in a text file) becomes a line break."""
    return HIDDEN_CHARACTER.subn("", text.translate(_PAGE_BREAKS))


def reveal_hidden(text: str) -> str:
    """The text with each hidden character written as its code, for quoting in a message."""
    return HIDDEN_CHARACTER.sub(lambda match: f"[U+{ord(match[0]):04X}]", text)


def hidden_character_message(text: str, *, what) -> str | None:
    """Say which hidden character the text holds, and where, or None if it holds none."""
    found = HIDDEN_CHARACTER.search(text)
    if found is None:
        return None
    params = {"what": what, "code": f"U+{ord(found[0]):04X}", "position": found.start() + 1}
    if _DIRECTION.match(found[0]):
        return (
            _(
                "%(what)s holds a text-direction control (%(code)s, character %(position)d) "
                "that can disguise what it says: remove it."
            )
            % params
        )
    return (
        _(
            "%(what)s holds a hidden control character (%(code)s, character %(position)d): "
            "remove it."
        )
        % params
    )


@deconstructible
class PlainTextValidator:
    """Refuse text over `max_length` characters, or holding a hidden character."""

    def __init__(self, *, what, max_length: int):
        self.what = what
        self.max_length = max_length

    def __call__(self, value: str) -> None:
        if len(value) > self.max_length:
            raise ValidationError(
                _("%(what)s is %(length)s characters long: it can be at most %(max)s.")
                % {
                    "what": self.what,
                    "length": f"{len(value):,}",
                    "max": f"{self.max_length:,}",
                },
                code="max_length",
            )
        message = hidden_character_message(value, what=self.what)
        if message:
            raise ValidationError(message, code="hidden_character")
