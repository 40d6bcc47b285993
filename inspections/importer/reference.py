"""What the parser knows of a programme: its name, its areas' wordings and its grade scale.

It is read from fixtures/programmes.json (or the same shape passed in), never from the database.
"""

import dataclasses
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .text import fold

PROGRAMMES_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "programmes.json"
NCPI = "ncpi"

_STOPWORDS = frozenset("a an and at by for how in is its of on or the their to well with".split())


@dataclass(frozen=True)
class Programme:
    """The programme a report belongs to, as the parser needs it."""

    name: str
    areas: dict[str, tuple[str, ...]]  # area slug → its name and aliases
    grades: dict[str, str]  # grade name, casefolded → grade slug
    others: dict[str, tuple[str, ...]]  # another programme's name → words that give it away
    measures: tuple[dict, ...] = ()  # shared case-file measures: slug, name, polarity
    short_names: dict[str, str] = dataclasses.field(default_factory=dict)  # area slug → short

    def area_name(self, slug: str) -> str:
        return self.areas[slug][0]

    @functools.cached_property
    def grade_pattern(self) -> str:
        """A regular expression for any grade name; 'requires' also reads as 'require'."""
        names = sorted(self.grades, key=len, reverse=True)
        return "|".join(re.escape(n).replace("requires", "requires?") for n in names)

    def grade_slug(self, wording: str) -> str:
        wording = " ".join(wording.casefold().split())
        return self.grades.get(wording) or self.grades[wording.replace("require ", "requires ")]

    def match_area(self, phrase: str, *, threshold: float = 0.75) -> str | None:
        """The area whose name or alias shares most words with the phrase, if close enough."""
        area, score = self.closest_area(phrase)
        return area if score >= threshold else None

    def closest_area(self, phrase: str) -> tuple[str, float]:
        """The closest area and how close: shared words over all words (Dice), 0 to 1."""
        words = _content_words(phrase)
        best, best_score = "", 0.0
        for slug, wordings in self.areas.items():
            for wording in wordings:
                other = _content_words(wording)
                score = 2 * len(words & other) / (len(words) + len(other) or 1)
                if score > best_score:
                    best, best_score = slug, score
        return best, best_score


@functools.cache
def _default_reference() -> dict:
    return json.loads(PROGRAMMES_FILE.read_text(encoding="utf-8"))


def load_programme(reference: dict | None = None, slug: str = NCPI) -> Programme:
    """Build the programme from programmes.json's shape (the fixture when none is given)."""
    reference = reference or _default_reference()
    programmes = {p["slug"]: p for p in reference["programmes"]}
    data = programmes[slug]
    scale = next(s for s in reference["grade_scales"] if s["slug"] == data["scale"])
    return Programme(
        name=data["name"],
        areas={a["slug"]: (a["name"], *a.get("aliases", [])) for a in data["areas"]},
        grades={g["name"].casefold(): g["slug"] for g in scale["grades"]},
        others={p["name"]: _telltales(p) for s, p in programmes.items() if s != slug},
        measures=tuple(reference.get("measures", [])),
        short_names={a["slug"]: a["short_name"] for a in data["areas"] if a.get("short_name")},
    )


def _telltales(programme: dict) -> tuple[str, ...]:
    """A programme's name, short name and any capitalised acronym in them, e.g. 'PEEL'."""
    names = {programme["name"], programme["short_name"]}
    acronyms = {w for n in names for w in fold(n).split() if w.isupper() and len(w) > 2}
    return tuple(sorted(names | acronyms, key=len, reverse=True))


@functools.lru_cache(maxsize=1024)
def _content_words(text: str) -> frozenset[str]:
    """Words that carry meaning, cut to five letters so 'referral' meets 'referrals'."""
    words = re.findall(r"[a-z]+", fold(text).casefold().replace("'s", ""))
    return frozenset(w[:5] for w in words if w not in _STOPWORDS)
