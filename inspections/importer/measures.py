"""Link a case-file statistic to a shared measure, so rates can be pooled across forces.

The link is made only when the statistic's own sentence uses every meaningful word of the
measure's name and agrees on polarity: a wrong link would skew a national rate, a missing one
only leaves the statistic unpooled.
"""

import functools
import re

from .text import fold

_IGNORED = frozenset(
    "a an and at by case cases did file files for had in is its of on or the their to was were "
    "where which who with".split()
)
_NEGATIVES = frozenset({"not", "no", "without", "never", "none"})


def find_measure(statistic: dict, measures: list[dict]) -> str:
    """The slug of the one measure the statistic's sentence names, or '' if none or unsure."""
    said = _words(statistic["sentence"])
    matches = [
        (len(wanted), measure["slug"])
        for measure in measures
        if measure.get("polarity") == statistic["polarity"]
        and (wanted := _name_words(measure["name"]))
        and wanted <= said
    ]
    matches.sort(reverse=True)
    if not matches or (len(matches) > 1 and matches[0][0] == matches[1][0]):
        return ""
    return matches[0][1]


@functools.lru_cache(maxsize=256)
def _name_words(name: str) -> frozenset[str]:
    return _words(name)


def _words(text: str) -> frozenset[str]:
    """Meaningful words cut to five letters; every form of negation reads as one word."""
    text = re.sub(r"n't\b", " not", fold(text).casefold()).replace("-", " ")
    words = re.findall(r"[a-z]+", text.replace("'s", ""))
    return frozenset("<not>" if w in _NEGATIVES else w[:5] for w in words if w not in _IGNORED)
