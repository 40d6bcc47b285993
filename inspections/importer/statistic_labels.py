"""Name what a case-file statistic counts, as a phrase a reader understands.

The phrase is made from the statistic's own sentence: the cases counted, then what the sentence
says of them. 'In 16 of the 48 case files we reviewed, we found the constabulary hadn't
recorded the ethnicity of children' becomes 'case files where the constabulary hadn't recorded
the ethnicity of children'; 'We found delays in 10 of the 12 case files' becomes 'case files
with delays'; 'In five of the six cases, we didn't see good record keeping' becomes 'cases
without good record keeping'; 'The force didn't file ten of these reports on COMPACT' becomes
'reports that the force didn't file on COMPACT'.
"""

import re

from .numbers import NUMBER
from .text import Paragraph, fold

CASES = (
    r"(?:case[- ]file reviews?|case files?|cases?|files?|reviews?|reports?|records?|instances?"
    r"|incidents?|investigations?|referrals?|assessments?|samples?|calls?)"
)
MAX_LENGTH = 200

_NOUN_AFTER = re.compile(rf"\s*(?:[\w'-]+\s+){{0,4}}?{CASES}\b", re.I)
_OF_THE_NOUN = re.compile(
    rf"\s*of\s+(?:the|our|these|those)\s+(?P<noun>(?:[\w'-]+\s+){{0,4}}?{CASES})\b", re.I
)
_PORTION_BEFORE = re.compile(r"\s+in\s+(?:[\w-]+\s+){0,3}[\w-]+\s*$", re.I)
_REVIEWED = re.compile(
    r"\s*(?:that\s+)?we(?:'d|\s+had)?\s+(?:reviewed|examined|sampled|audited|looked at|assessed"
    r"|checked|analysed|dip-sampled)\b",
    re.I,
)
# Words that only join a sentence to the one before: "And", "However,", "In this inspection".
_CONNECTIVE = r"(?:and|but|also|however|so|overall|in this inspection|in addition)[\s,]+"
# Who found it: "we also", "our review of case files".
_WE = r"(?:we|our [\w\s-]+?)\s+(?:also\s+)?"
_PLEASED = r"were\s+pleased\s+to\s+(?:see|find|note)"
_LEAD_IN = re.compile(
    rf"\s*(?:{_CONNECTIVE})*(?:{_WE}(?:found|saw|showed|noted|identified)(?:\s+that)?[\s,]*)?"
    r"(?P<prep>in|of)?\s*",
    re.I,
)
_TRAILING_PREPOSITION = re.compile(
    r"\s*\b(?P<prep>in|of|for|at|on|across)(?:\s+(?:only|just|nearly|almost|about|around|over"
    r"|under|(?:fewer|more|less)\s+than))?\s*$",
    re.I,
)
# Where a sentence holding two shares divides: 'In 3 of 10 cases …, and in 2 of 10 cases …'.
_CLAUSE_BREAK = re.compile(r",\s+(?:and|but|while|whereas)\s+|;\s+", re.I)
_SHARE = re.compile(rf"{NUMBER}\s+(?:out\s+)?of\s+", re.I)
_CONJUNCTION = re.compile(rf"^(?:{_CONNECTIVE})+", re.I)
_FOUND_THAT = re.compile(rf"^{_WE}(?:found|saw|showed|noted|identified|{_PLEASED})\s+that\s+", re.I)
_NOT_SEEN = re.compile(
    r"^we\s+(?:also\s+)?(?:didn't|did\s+not|couldn't|could\s+not)\s+(?:see|find)\s+(?:any\s+)?",
    re.I,
)
_FOUND = re.compile(rf"^{_WE}(?:found|saw|identified|noted|{_PLEASED})\s+", re.I)
_FINITE_VERB = re.compile(
    r"\b(?:was|were|is|are|had|has|have|did|does|do|would|could|should|can|cannot|will|may|"
    r"might|must)\b|n't\b|(?<![\w-])\w{3,}ed\b",
    re.I,
)
# A clause that only adds circumstance after a comma: 'despite them being available'.
_ASIDE = re.compile(
    r",\s+(?:despite|although|though|which|because|as|but|meaning|so|even|while|whereas)\b.*$",
    re.I,
)
_LOWER_FIRST = frozenset(
    "the a an this these those our we it they there some many most all officers staff "
    "frontline supervisors investigators".split()
)


def statistic_label(
    sentence: Paragraph, span: tuple[int, int], noun: str, form: str
) -> tuple[str, str]:
    """The cases counted and what the sentence says of them, e.g. ('case files', 'where …')."""
    sentence, span = _own_clause(sentence, span)
    key = sentence.key.rstrip(" .;")
    start, end = span
    if form == "of_the_m":  # 'Of the nine instances when …, seven were exploitation cases'
        counted = re.match(
            r"^(?:and\s+|but\s+)?of\s+(?:(?:the|our|these|those)\s+)?\S+\s+", key, re.I
        )
        comma = key.rfind(",", start, end)
        if counted and comma > counted.end():
            return _text(sentence, counted.end(), comma), "that " + _text(sentence, end, len(key))
    if form == "in_the_m":  # 'In the six cases we examined, …'
        words = _NOUN_AFTER.match(key, _number_end(key, start, end))
        noun = _text(sentence, words.start(), words.end()) if words else ""
    before, after = key[:start], (end, len(key))
    paren = re.search(r"\(\s*(?:in\s+)?$", before, re.I)
    if paren:  # '… absent in just over half (25 of 48) of the files', '(in five of six cases)'
        close = key.find(")", end)
        close = close if close >= 0 else len(key)
        before, after = before[: paren.start()], (close + 1, len(key))
        if not noun:
            of_the = _OF_THE_NOUN.match(key, after[0])
            if of_the:
                noun = _text(sentence, *of_the.span("noun"))
                after = (of_the.end(), len(key))
                before = _PORTION_BEFORE.sub("", before)
    elif form == "n_of_these":  # 'ten of these reports', the reports named before
        words = _NOUN_AFTER.match(key, end)
        if words:
            noun = noun or _text(sentence, words.start(), words.end())
            after = (words.end(), len(key))
    elif noun and form != "in_the_m":
        gap = len(key[end:]) - len(key[end:].lstrip())
        if key.startswith(noun, end + gap):
            after = (end + gap + len(noun), len(key))
    noun = " ".join((noun or "cases").split())
    lead = _LEAD_IN.fullmatch(before)
    if lead and not paren:
        return _prefix_share(sentence, noun, after, adverbial=bool(lead.group("prep")))
    return _later_share(sentence, noun, len(before), after, adverbial=bool(paren))


def _own_clause(sentence: Paragraph, span: tuple[int, int]) -> tuple[Paragraph, tuple[int, int]]:
    """The part of the sentence that states this share: its clause between semicolons, and of
    clauses joined by ', and' or ', but' the one with the share where another states another."""
    start, stop = 0, len(sentence.key)
    for match in _CLAUSE_BREAK.finditer(sentence.key):
        own_side = match.end() <= span[0]
        others = sentence.key[:start] if own_side else sentence.key[match.start() :]
        if match.group().lstrip(",").strip() == ";" or _SHARE.search(
            sentence.key[start : match.start()] if own_side else others
        ):
            if own_side:
                start = match.end()
            elif match.start() >= span[1]:
                stop = min(stop, match.start())
    if (start, stop) == (0, len(sentence.key)):
        return sentence, span
    part = Paragraph(sentence.text[start:stop], sentence.key[start:stop])
    return part, (span[0] - start, span[1] - start)


def label_text(noun: str, said: str) -> str:
    """Join the two parts, lower-cased as inside a sentence, no longer than the model allows."""
    label = " ".join(f"{noun} {said}".split()) if said else noun
    if len(label) > MAX_LENGTH:
        label = label[: label.rfind(" ", 0, MAX_LENGTH - 2)] + " …"
    return label


def _prefix_share(sentence: Paragraph, noun: str, after: tuple[int, int], *, adverbial: bool):
    """'In four of the six case files we reviewed involving X, officers …'."""
    key = sentence.key.rstrip(" .;")
    rest_start, rest_end = after
    reviewed = _REVIEWED.match(key, rest_start, rest_end)
    rest_start = reviewed.end() if reviewed else rest_start
    if re.match(r"\s*that\b", key[rest_start:rest_end], re.I):  # '… we reviewed that X'
        return noun, _describe(_text(sentence, rest_start, rest_end))
    comma = key.find(",", rest_start, rest_end)
    if comma >= 0:
        qualifier = _text(sentence, rest_start, comma)
        return _join(noun, qualifier), _describe(_text(sentence, comma + 1, rest_end))
    if adverbial:
        return noun, _describe(_text(sentence, rest_start, rest_end))
    if reviewed:  # 'None of the six case files we reviewed had …'
        return noun, "that " + _text(sentence, rest_start, rest_end)
    verb = _FINITE_VERB.search(key, rest_start, rest_end)
    split = verb.start() if verb else rest_start
    qualifier = _text(sentence, rest_start, split)
    return _join(noun, qualifier), "that " + _text(sentence, split, rest_end)


def _later_share(
    sentence: Paragraph, noun: str, start: int, after: tuple[int, int], *, adverbial: bool
):
    """'We found delays in 10 of the 12 case files' or 'The force didn't file ten of these …'."""
    key = sentence.key.rstrip(" .;")
    content = _text(sentence, 0, start)
    preposition = _TRAILING_PREPOSITION.search(content)
    content = content[: preposition.start()] if preposition else content
    rest_start, rest_end = after
    reviewed = _REVIEWED.match(key, rest_start, rest_end)
    rest = _text(sentence, reviewed.end() if reviewed else rest_start, rest_end)
    qualifier = ""
    if re.match(r"(?:that|when|where|if)\b", rest, re.I):
        content = f"{content} {rest}"
    elif preposition or adverbial:  # what follows a comma is said of something else
        comma = key.find(",", rest_start, rest_end)
        words_from = reviewed.end() if reviewed else rest_start
        qualifier = _text(sentence, words_from, comma) if comma >= words_from else rest
    else:  # the cases are what the sentence's verb acts on
        return noun, "that " + _lower_first(f"{content} {rest}")
    return _join(noun, qualifier), _describe(content)


def _describe(clause: str) -> str:
    """What the sentence says of the cases, introduced by where, with or without."""
    clause = " ".join(clause.split())
    clause = (
        clause[: _ASIDE.search(fold(clause)).start()] if _ASIDE.search(fold(clause)) else clause
    )
    clause = clause.strip(" ,.;")
    lead = _CONJUNCTION.match(fold(clause)) or re.match(r"that\s+", clause, re.I)
    clause = clause[lead.end() :] if lead else clause
    folded = fold(clause)
    if found := _FOUND_THAT.match(folded):
        return "where " + _lower_first(clause[found.end() :])
    if not_seen := _NOT_SEEN.match(folded):
        return "without " + clause[not_seen.end() :]
    if found := _FOUND.match(folded):
        rest = clause[found.end() :]
        return ("where " if _FINITE_VERB.search(fold(rest)) else "with ") + _lower_first(rest)
    return "where " + _lower_first(clause) if clause else ""


def _join(noun: str, qualifier: str) -> str:
    return f"{noun} {qualifier.strip(' ,')}".strip()


def _lower_first(clause: str) -> str:
    first, _, rest = clause.strip().partition(" ")
    if first.casefold() in _LOWER_FIRST:
        first = first.lower()
    return f"{first} {rest}".strip()


def _number_end(key: str, start: int, end: int) -> int:
    """Where the number ends in 'In the six cases we examined'."""
    match = re.match(r"^(?:and\s+|but\s+)?in\s+the\s+\S+", key[start:end], re.I)
    return start + match.end() if match else end


def _text(sentence: Paragraph, start: int, end: int) -> str:
    """The report's own words between two places found in the folded twin, without asides in
    brackets ('(30 percent)')."""
    text = re.sub(r"\s*\([^()]*\)", "", sentence.text[start:end])
    return " ".join(text.split()).strip(" ,;")
