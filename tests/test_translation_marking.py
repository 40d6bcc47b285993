"""Every word a reader sees or hears in a template goes through {% translate %} or
{% blocktranslate %}, so a Welsh interface needs only a catalogue (STYLE.md)."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from django.template.base import Lexer, TokenType

TEMPLATES = Path(settings.TEMPLATES[0]["DIRS"][0])

# Attributes whose value is read out or shown: the rest (classes, ids, URLs) are not text.
SPOKEN_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder"}
BUTTON_INPUTS = {"submit", "button", "reset"}
# Blocks whose content is no text of the page, or is already a message to translate.
SKIPPED_BLOCKS = {
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
    "comment": "endcomment",
}
# A word-like default written in a variable, as in {{ value|default:"Not known" }}.
LITERAL_DEFAULT = re.compile(r"""\|default(?:_if_none)?:(?:"([^"]*)"|'([^']*)')""")
LETTER = re.compile(r"[^\W\d_]")


def untranslated_text(source: str) -> list[str]:
    """Return the pieces of text in a template source that no translation tag covers."""
    parser = _TextFinder()
    parser.feed(_outside_translation(source))
    parser.close()
    return parser.found


def _outside_translation(source: str) -> str:
    """Rebuild the source with every tag, variable and translated block blanked out."""
    pieces, closing = [], None
    for token in Lexer(source).tokenize():
        if closing:
            if token.token_type == TokenType.BLOCK and token.split_contents()[0] == closing:
                closing = None
            continue
        if token.token_type == TokenType.TEXT:
            pieces.append(token.contents)
        elif token.token_type == TokenType.VAR:
            # A literal default is text in whatever place the variable stands: the markup
            # around it decides whether it is read (a heading) or not (a hidden input's value).
            pieces.extend(
                f" {''.join(match)} " for match in LITERAL_DEFAULT.findall(token.contents)
            )
            pieces.append(" ")
        else:
            if token.token_type == TokenType.BLOCK:
                closing = SKIPPED_BLOCKS.get(token.split_contents()[0])
            pieces.append(" ")
    return "".join(pieces)


class _TextFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_code = False

    def handle_starttag(self, tag, attrs):
        self._in_code = tag in ("script", "style")
        attrs = dict(attrs)
        spoken = SPOKEN_ATTRIBUTES & attrs.keys()
        if tag == "input" and attrs.get("type") in BUTTON_INPUTS:
            spoken.add("value")
        for name in sorted(spoken):
            self._check(attrs[name] or "")

    def handle_endtag(self, tag):
        self._in_code = False

    def handle_data(self, data):
        if not self._in_code:
            self._check(data)

    def _check(self, text: str) -> None:
        if LETTER.search(text):
            self.found.append(" ".join(text.split()))


def _templates() -> list[str]:
    return sorted(
        path.relative_to(TEMPLATES).as_posix()
        for path in TEMPLATES.rglob("*")
        if path.suffix in (".html", ".txt")
    )


def test_every_page_template_is_checked():
    checked = set(_templates())
    assert {"base.html", "recommendations/tracker.html", "registration/account.html"} <= checked


@pytest.mark.parametrize("name", _templates())
def test_template_marks_its_text_for_translation(name):
    engines["django"].get_template(name)  # compiles: a misused blocktranslate fails here
    source = (TEMPLATES / name).read_text()
    assert untranslated_text(source) == [], f"{name} has text outside translation tags"


def test_it_finds_a_bare_sentence_a_spoken_attribute_and_a_word_default():
    source = (
        '<p class="govuk-body">Some figures are out of date.</p>'
        '<nav aria-label="Menu"></nav><input type="submit" value="Import">'
        '<td>{{ inspection.published|default:"Not yet published" }}</td>'
        "{% if user %}<span>Signed in as {{ user }}</span>{% endif %}"
    )
    assert untranslated_text(source) == [
        "Some figures are out of date.",
        "Menu",
        "Import",
        "Not yet published",
        "Signed in as",
    ]


def test_it_passes_markup_data_and_translated_text():
    source = (
        '{% load i18n %}<div class="govuk-form-group{% if errors %} govuk-form-group--error'
        '{% endif %}" id="area-{{ slug }}" role="region" aria-label="{% translate "Judgments" %}">'
        "{# A note to the next reader. #}{% comment %}Why it is so.{% endcomment %}<!-- markup -->"
        '<h1>{% translate "Search" %} &amp; {{ force.name }} – 95%</h1>'
        "{% blocktranslate count counter=n trimmed %}\n  {{ counter }} result\n"
        "{% plural %}\n  {{ counter }} results\n{% endblocktranslate %}"
        '<script type="application/json">{"title": "data"}</script>'
        '<input type="hidden" name="programme" value="{{ slug|default:\'ncpi\' }}">'
        '<td>{{ value|default:_("Not known") }}</td></div>'
    )
    assert untranslated_text(source) == []
