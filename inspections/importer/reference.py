"""What the parser knows of a programme: its name, its areas' wordings and its grade scale, and
how its reports are written (titles, headings, grade sentences), so a new programme is data.

It is read from fixtures/programmes.json (or the same shape passed in), never from the database.
Each programme's "report" object holds:

- "titles": the title's forms; "{force}" stands for the force's name and "{more}" for anything
  after it; ": " in a form also reads as a spaced dash or a line break in the report.
- "headings": the wordings of each heading the parser looks for (summaries, boxes).
- "grade_sentence": the words that come before a grade in a section's grade sentence ("is good")
  and after it in a summary that lists areas ("good at …").
- "announced_count": how the report says how many areas it graded, "{graded}" and "{assessed}"
  standing for the numbers (in words or digits); empty for the common wording "graded
  judgments in {graded} of these {assessed} areas" (see crosscheck.py).
- "ungraded_sections": sections that are inspected but not graded; their findings are filed under
  the graded area "findings_under".
- "states_action_plan_deadline": whether the report gives the action plan's deadline.
"""

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .numbers import NUMBER
from .text import fold

PROGRAMMES_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "programmes.json"
NCPI = "ncpi"

_NEVER = re.compile(r"(?!)")
_STOPWORDS = frozenset("a an and at by for how in is its of on or the their to well with".split())


@dataclass(frozen=True)
class Programme:
    """The programme a report belongs to, as the parser needs it."""

    name: str
    areas: dict[str, tuple[str, ...]]  # area slug → its name and aliases
    grades: dict[str, str]  # grade name, casefolded → grade slug
    others: dict[str, tuple[str, ...]]  # another programme's name → words that give it away
    measures: tuple[dict, ...] = ()  # shared case-file measures: slug, name, polarity
    short_names: dict[str, str] = field(default_factory=dict)  # area slug → short
    slug: str = NCPI
    titles: tuple[re.Pattern, ...] = ()  # fullmatch a title; group "force" where it names one
    headings: dict[str, re.Pattern] = field(default_factory=dict)  # kind → fullmatch pattern
    before_grade: tuple[str, ...] = ("is", "are", "was", "remains", "remain")
    after_grade: tuple[str, ...] = ("at", "in")
    announced_count: re.Pattern | None = None  # groups "graded", "assessed"; None: the usual
    ungraded: dict[str, tuple[str, ...]] = field(default_factory=dict)  # slug → wordings
    findings_under: dict[str, str] = field(default_factory=dict)  # ungraded slug → graded area
    states_action_plan_deadline: bool = True
    telltales: tuple[str, ...] = ()  # words that give a report of this programme away
    example_title: str = ""  # the first title form, as an admin reads it

    def area_name(self, slug: str) -> str:
        return (self.areas.get(slug) or self.ungraded[slug])[0]

    def heading(self, kind: str) -> re.Pattern:
        """The pattern of one kind of heading; one that never matches if the data has none."""
        return self.headings.get(kind, _NEVER)

    @functools.cached_property
    def grade_pattern(self) -> str:
        """A regular expression for any grade name; 'requires' also reads as 'require'."""
        names = sorted(self.grades, key=len, reverse=True)
        return "|".join(re.escape(n).replace("requires", "requires?") for n in names)

    @functools.cached_property
    def before_pattern(self) -> str:
        """A regular expression for a word that comes before a section's grade: 'is', 'as'."""
        return "(?:" + "|".join(_literal(w) for w in self.before_grade) + ")"

    @functools.cached_property
    def after_pattern(self) -> str:
        """A regular expression for a word that comes after a summary's grade: 'at', 'in'."""
        return "(?:" + "|".join(_literal(w) for w in self.after_grade) + ")"

    def grade_slug(self, wording: str) -> str:
        wording = " ".join(wording.casefold().split())
        return self.grades.get(wording) or self.grades[wording.replace("require ", "requires ")]

    def match_area(
        self, phrase: str, *, threshold: float = 0.75, ungraded: bool = False
    ) -> str | None:
        """The area whose name or alias shares most words with the phrase, if close enough.

        With ungraded=True, the programme's ungraded sections are candidates too.
        """
        area, score = self.closest_area(phrase, ungraded=ungraded)
        return area if score >= threshold else None

    def closest_area(self, phrase: str, *, ungraded: bool = False) -> tuple[str, float]:
        """The closest area and how close: shared words over all words (Dice), 0 to 1."""
        words = _content_words(phrase)
        best, best_score = "", 0.0
        candidates = self.areas | self.ungraded if ungraded else self.areas
        for slug, wordings in candidates.items():
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
    return next(p for p in load_programmes(reference) if p.slug == slug)


def load_programmes(reference: dict | None = None) -> tuple[Programme, ...]:
    """Every programme whose reports the parser can read, in the data's order."""
    reference = reference or _default_reference()
    return _programmes(json.dumps(reference, sort_keys=True))


@functools.lru_cache(maxsize=8)
def _programmes(reference_json: str) -> tuple[Programme, ...]:
    reference = json.loads(reference_json)
    programmes = {p["slug"]: p for p in reference["programmes"]}
    return tuple(
        _programme(slug, data, programmes, reference)
        for slug, data in programmes.items()
        if data.get("report")
    )


def _programme(slug: str, data: dict, programmes: dict, reference: dict) -> Programme:
    scale = next(s for s in reference["grade_scales"] if s["slug"] == data["scale"])
    report = data["report"]
    words = report.get("grade_sentence", {})
    ungraded = report.get("ungraded_sections", [])
    announced = report.get("announced_count", "")
    return Programme(
        name=data["name"],
        areas={a["slug"]: (a["name"], *a.get("aliases", [])) for a in data["areas"]},
        grades={g["name"].casefold(): g["slug"] for g in scale["grades"]},
        others={p["name"]: _telltales(p) for s, p in programmes.items() if s != slug},
        measures=tuple(reference.get("measures", [])),
        short_names={a["slug"]: a["short_name"] for a in data["areas"] if a.get("short_name")},
        slug=slug,
        titles=tuple(_title_pattern(form) for form in report.get("titles", [])),
        headings={kind: _one_of(w) for kind, w in report.get("headings", {}).items() if w},
        before_grade=tuple(words.get("before_grade", Programme.before_grade)),
        after_grade=tuple(words.get("after_grade", Programme.after_grade)),
        announced_count=_count_pattern(announced) if announced else None,
        ungraded={slugify_words(u["name"]): (u["name"], *u.get("aliases", [])) for u in ungraded},
        findings_under={slugify_words(u["name"]): u["findings_under"] for u in ungraded},
        states_action_plan_deadline=report.get("states_action_plan_deadline", True),
        telltales=_telltales(data),
        example_title=_example(report.get("titles", [data["name"]])[0]),
    )


def _example(form: str) -> str:
    return form.replace("{force}", "<force>").replace("{more}", "")


def slugify_words(name: str) -> str:
    """A slug for a section named in the data: 'Service for victims' → 'service_for_victims'."""
    return "_".join(re.findall(r"[a-z0-9]+", fold(name).casefold()))


def _literal(text: str) -> str:
    """A pattern for the text as written, folded, any run of spaces reading as any whitespace."""
    words = r"\s+".join(re.escape(word) for word in fold(text).split())
    before = r"\s+" if text[:1].isspace() else ""
    after = r"\s+" if text[-1:].isspace() else ""
    return before + words + after


def _one_of(wordings: list[str]) -> re.Pattern:
    """Any of the wordings, numbered or not: 'Area for improvement 2'."""
    return re.compile(rf"(?:{'|'.join(_literal(w) for w in wordings)})(?:\s+\d{{1,2}})?", re.I)


def _title_pattern(form: str) -> re.Pattern:
    """A title form as a pattern: '{force}' names the force, '{more}' is anything after a word
    break, and ': ' is a colon, a spaced dash or a line break (joined as ': ')."""
    parts = []
    for piece in re.split(r"(\{force\}|\{more\}|:\s+)", form):
        if piece == "{force}":
            parts.append(r"(?:the\s+)?(?P<force>.+?)")
        elif piece == "{more}":
            parts.append(r"(?:\b.*)?")
        elif piece.startswith(":"):
            parts.append(r"\s*(?::|\s-)\s*")
        elif piece:
            parts.append(_literal(piece))
    return re.compile("".join(parts), re.I)


def _count_pattern(sentence: str) -> re.Pattern:
    """The announced count's wording, with {graded} and {assessed} read as numbers."""
    parts = []
    for piece in re.split(r"(\{graded\}|\{assessed\})", sentence):
        if piece in ("{graded}", "{assessed}"):
            parts.append(rf"(?P<{piece[1:-1]}>{NUMBER})")
        elif piece:
            parts.append(_literal(piece))
    return re.compile("".join(parts), re.I)


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
