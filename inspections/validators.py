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
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

HIDDEN_CHARACTER = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 controls but tab, LF and CR; DEL; C1
    "\u202a-\u202e\u2066-\u2069]"  # bidirectional embeddings, overrides and isolates
)


def regex_class(characters: str) -> str:
    """A regular expression class's characters with each unprintable one as \\uXXXX, which
    Python and the ECMAScript patterns of an OpenAPI schema both read."""
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in characters)


HIDDEN_CLASS = regex_class(HIDDEN_CHARACTER.pattern[1:-1])
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


# A domain name of up to six parts of at most 35 characters (GOV.UK's
# assets.publishing.service.gov.uk has five; the bounds keep the name within the 253 characters
# Django's URL validator allows), then any path without spaces or hidden characters.
_LABEL = "[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,33}[a-zA-Z0-9])?"
WEB_ADDRESS = rf"^https?://(?:{_LABEL}\.){{1,5}}[a-zA-Z]{{2,63}}(?:[/?#][^\s{HIDDEN_CLASS}]*)?$"
WEB_ADDRESS_MAX_LENGTH = 500


@deconstructible
class WebAddressValidator(RegexValidator):
    """Refuse a link that is not an address on the web: only http or https, on a site named by
    its domain name, so no javascript:, data: or file: link that would run or open something
    in the reader's browser or machine, no address of a local server (localhost, an IP address,
    a port, such as this site's own /admin/), and no hidden character that disguises a link.

    A RegexValidator, so that the API's schema states the same pattern.
    """

    regex = WEB_ADDRESS
    message = _(
        "“%(value)s” is not a web address starting https:// or http:// and a site's name, "
        "such as https://www.gov.uk/."
    )
    code = "invalid_link"

    def __call__(self, value) -> None:
        if not self._is_web_address(value):
            shown = reveal_hidden(str(value)[:80])
            raise ValidationError(self.message, code=self.code, params={"value": shown})

    def _is_web_address(self, value) -> bool:
        if not isinstance(value, str) or len(value) > WEB_ADDRESS_MAX_LENGTH:
            return False
        try:
            URLValidator(schemes=["https", "http"])(value)
            super().__call__(value)
        except ValidationError:
            return False
        return True


validate_web_address = WebAddressValidator()


def web_address_errors(links: Iterable[str]) -> list[ValidationError]:
    """The validator's refusal of each link that is not a web address, in order."""
    errors = []
    for link in links:
        try:
            validate_web_address(link)
        except ValidationError as error:
            errors.append(error)
    return errors
