"""Words the tracking pages write: a recommendation read whole (its list's lead-in and its own
words as one sentence), and an inspection named by programme and publication."""

import re

from inspections.importer.text import LIST_ITEM_END

# "With immediate effect, " or "Within six months of publication, " before "<force> should".
_TIMESCALE_CLAUSE = re.compile(r"^[^,]{3,80}?,\s+(?=[^,]*\bshould\b)", re.I)
_LEAD_IN_END = re.compile(r"[\s:;,.\u2013\u2014-]+$")
# An item that is already a sentence: "The force should …", "Leaders should …".
_WHOLE_SENTENCE = re.compile(r"^(?:\S+\s+){0,8}?should\s", re.I)


def whole_recommendation(*, lead_in: str, text: str) -> str:
    """The recommendation as one sentence, without the timescale its lead-in opens with.

    "With immediate effect, Gloucestershire Constabulary should make sure:" and "it carries out
    risk assessments in all cases;" give "Gloucestershire Constabulary should make sure it
    carries out risk assessments in all cases." An item that is already a sentence, or one with
    no lead-in, is given as it stands, with a capital and a full stop.
    """
    item = LIST_ITEM_END.sub("", " ".join(text.split()))
    lead = _LEAD_IN_END.sub("", _TIMESCALE_CLAUSE.sub("", " ".join(lead_in.split())))
    if not item:
        return ""
    if not lead or _WHOLE_SENTENCE.match(item):
        return _sentence(item)
    if re.search(r"\bshould,[^,]+$", lead):  # "should, within three months," closes its aside
        lead += ","
    return _sentence(f"{lead} {_in_sentence(item, lead)}")


def _in_sentence(item: str, lead: str) -> str:
    """The item's first letter in lower case, unless it starts a name or an acronym."""
    first, _, rest = item.partition(" ")
    if not first[:1].isupper() or first.isupper() and len(first) > 1:
        return item
    if first in lead.split() or rest[:1].isupper():  # "Gloucestershire …", "Chief Constable"
        return item
    return item[0].lower() + item[1:]


def _sentence(text: str) -> str:
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def inspection_label(inspection) -> str:
    """The inspection as tracking names it: "Child protection, May 2025"."""
    return f"{inspection.programme.short_name}, {inspection.published_label()}"
