"""Read whole numbers written as digits or as words ('ten', 'twenty-four', 'a hundred')."""

import re

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_VALUES = {word: value for value, word in enumerate(_UNITS)} | {
    word: 10 * (index + 2) for index, word in enumerate(_TENS)
}

# Longer words first, so 'fourteen' is not read as 'four'.
_UNIT_WORDS = "|".join(sorted(_UNITS[1:10], key=len, reverse=True))
_WORDS = "|".join(sorted(_UNITS + _TENS, key=len, reverse=True))
NUMBER = (
    rf"(?<![\w.-])(?:\d{{1,3}}(?:,\d{{3}})+|\d+"
    rf"|(?:{'|'.join(_TENS)})[- ](?:{_UNIT_WORDS})"
    rf"|(?:a |one )?hundred|{_WORDS})(?![\w-]|\.\d)"
)
"""A regular expression for one whole number standing alone (not '15-year-old', not '35.27')."""

_NUMBER_RE = re.compile(NUMBER, re.IGNORECASE)
_NUMBER_WORDS = frozenset(_VALUES) | {"hundred"}
_DIGIT = re.compile(r"\d")
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[a-z]+")


def parse_number(text: str) -> int | None:
    """The value of one number as written, or None if the text is not a number."""
    words = text.strip().casefold().replace(",", "")
    if words.isdigit():
        return int(words)
    if words.endswith("hundred"):
        return 100
    if words in _VALUES:
        return _VALUES[words]
    parts = re.split(r"[- ]", words)
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS[1:10]:
        return _VALUES[parts[0]] + _VALUES[parts[1]]
    return None


def mentions_number(text: str) -> bool:
    """Whether the text holds a digit or a number word: a quick test before the slow ones."""
    if _DIGIT.search(text):
        return True
    return not _NUMBER_WORDS.isdisjoint(_WORD.findall(text.casefold()))


def count_numbers(text: str) -> int:
    """About how many numbers the text holds (a compound such as 'twenty-four' counts two)."""
    words = _WORD.findall(text.casefold())
    return len(_DIGITS.findall(text)) + sum(1 for word in words if word in _NUMBER_WORDS)
