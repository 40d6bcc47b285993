"""Tag findings with the dashboard's themes by the words they use."""

import functools
import re

from .text import fold

_NON_WORD = re.compile(r"[\W_]+")

DEFAULT_THEME_TERMS: dict[str, list[str]] = {
    "missing_children": [
        "missing child", "missing children", "missing from home", "missing from care",
        "missing person", "missing persons", "missing people", "missing episode", "misper",
        "reported missing", "return home interview", "return home interviews", "COMPACT",
    ],
    "exploitation": [
        "exploitation", "exploited", "exploit", "exploiters", "county lines", "grooming",
        "groomed", "CSE", "CCE", "MACE",
    ],
    "victim_blaming_language": ["victim-blaming", "victim blaming", "adultification"],
    "voice_of_the_child": [
        "voice of the child", "child's voice", "lived experience", "lived experiences",
        "wishes and feelings", "seen or spoken to", "see or speak to", "didn't see the child",
    ],
    "supervision": ["supervision", "supervisor", "supervisors", "supervisory", "supervised"],
    "training": ["training", "trained", "untrained", "train the trainer", "skills and knowledge"],
    "demographic_recording": [
        "ethnicity", "demographic", "equality data", "disability", "special educational need",
        "protected characteristics",
    ],
    "governance": [
        "governance", "strategic plan", "strategic plans", "strategic assessment",
        "performance board", "performance data", "oversight", "control strategy",
    ],
    "resourcing": [
        "under-resourced", "resourced", "resourcing", "capacity", "vacancies", "staffing",
        "workload", "FTE", "deployable",
    ],
    "partnership_working": [
        "safeguarding partners", "safeguarding partnership", "partner agencies",
        "partner organisations", "multi-agency", "MASH", "joint investigation",
        "joint investigations", "strategy meeting", "strategy meetings", "local authority",
    ],
    "risk_assessment": [
        "risk assessment", "risk assessments", "assessing risk", "assess risk", "assesses risk",
        "risk-assessed", "THRIVE", "VIST", "vulnerability identification screening tool",
        "assess vulnerability",
    ],
    "domestic_abuse": ["domestic abuse", "domestic violence", "MARAC", "DASH", "coercive control"],
    "online_abuse": [
        "online", "Snapchat", "TikTok", "indecent images", "explicit images", "social media",
        "digital devices", "media devices",
    ],
    "information_sharing": [
        "information sharing", "information-sharing", "share information", "shares information",
        "sharing information", "shared information", "share risk information",
        "shares risk information", "shared the VIST",
    ],
    "police_protection": [
        "police protection", "protection powers", "place of safety", "designated officer",
    ],
    "wellbeing": [
        "well-being support", "well-being services", "wellbeing", "psychological assessment",
        "therapeutic services", "staff welfare",
    ],
}  # fmt: skip


def tag_themes(text: str, themes: dict[str, list[str]]) -> list[str]:
    """Slugs of the themes any of whose terms the text uses (whole words, any case).

    A hyphen and a space count as the same, so 'victim blaming' finds 'victim‑blaming'.
    """
    words = _words(text)
    return [slug for slug, terms in themes.items() if any(_term(t) in words for t in terms)]


@functools.lru_cache(maxsize=1024)
def _term(term: str) -> str:
    return _words(term)


def _words(text: str) -> str:
    """The text as lower-case words between single spaces, padded so ' term ' is a word match."""
    return " " + " ".join(_NON_WORD.split(fold(text).casefold())).strip() + " "
