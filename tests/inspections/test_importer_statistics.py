"""Case-file statistics are read from each phrasing the inspectorate uses, and other numbers are
never taken for them."""

import re
from pathlib import Path

import pytest

from inspections.importer.numbers import parse_number
from inspections.importer.other_figures import find_figures
from inspections.importer.parse import parse_report
from inspections.importer.statistic_labels import CASES
from inspections.importer.statistics import find_statistics
from inspections.importer.text import split_paragraphs


def _shares(text: str) -> list[tuple[int, int]]:
    (paragraph,) = split_paragraphs(text)
    statistics, _ = find_statistics(paragraph, "investigation")
    return [(s["numerator"], s["denominator"]) for s in statistics]


@pytest.mark.parametrize(
    ("text", "shares"),
    [
        ("In 8 out of the 20 case files we reviewed, we found victim-blaming language.", [(8, 20)]),
        ("We found poor supervision in 25 of 48 case files.", [(25, 48)]),
        (
            "We found the voice of the child was absent in just over half (25 of 48) of the "
            "case file reviews.",
            [(25, 48)],
        ),
        ("But in five of the six cases, we found poor recording of decisions.", [(5, 6)]),
        ("The response was mostly good (in five of six cases) when officers attended.", [(5, 6)]),
        ("Officers didn’t seize devices in five of six cases.", [(5, 6)]),
        ("In five of our six case file reviews, officers didn’t seize devices.", [(5, 6)]),
        ("In 13 of 48\u00a0cases, officers didn’t see the child.", [(13, 48)]),
        ("We found delays in twenty-four of the thirty case files.", [(24, 30)]),
        ("We found delays in 12 out of twenty cases.", [(12, 20)]),
        ("We also found poor responses in all six case file reviews involving abuse.", [(6, 6)]),
        ("We found good trigger plans in all six missing person case files.", [(6, 6)]),
        ("We reviewed six cases. In all six, a trained detective attended.", [(6, 6)]),
        ("None of the six case files had return home interviews recorded.", [(0, 6)]),
        ("We found that none of the 12 referrals were shared on time.", [(0, 12)]),
        (
            "Of the nine instances when staff didn’t use flags, seven were exploitation cases.",
            [(7, 9)],
        ),
        (
            "We sampled 19 missing children reports. The force didn’t file ten of these reports.",
            [(10, 19)],
        ),
        ("In the six cases we examined, officers made well-considered decisions.", [(6, 6)]),
        (
            "In 3 of 10 cases officers acted well, and in 2 of 10 cases they didn’t.",
            [(3, 10), (2, 10)],
        ),
    ],
)
def test_it_reads_each_phrasing_of_a_share(text, shares):
    assert _shares(text) == shares


@pytest.mark.parametrize(
    "text",
    [
        "In one investigation, officers didn’t record any updates for two months.",
        "We found delays in attendance of up to eight days.",
        "He was arrested within 48 hours of the report.",
        "Both chief officers had been in post four and six weeks respectively.",
        "A mother reported that her 15-year-old son had received explicit images.",
        "The ex-partner was the father of their two boys, aged 9 and 16.",
        "We sampled reports dated between 28 November 2024 and 5 December 2024.",
        "Between 2017 and 2024, the force worked on a complex investigation.",
        "The team should have 35.27 full-time equivalent (FTE) officers but could deploy only "
        "19.05 FTE officers.",
        "We didn’t find a strong understanding in any of the three local policing areas.",
        "The force has vulnerability officers in each of the three local policing areas.",
        "A superintendent leads one of the three local policing areas.",
        "And in the two examples where staff had recorded the child’s disability, they didn’t "
        "assess it.",
        "We saw nine examples in our case file reviews where officers didn’t see the child.",
        "The force told us officers used these powers only 12 times in 2024.",
        "The data showed a 63 percent reduction in missing children reports.",
        "This is true of all 43 forces in England and Wales.",
        "In all six, a trained detective attended.",
        "The lead investigator responds to one of these deaths.",
        "Officers waited 2 of the 3 days before acting.",
        "The crimes affected families in two of the force’s policing areas.",
    ],
)
def test_other_numbers_are_not_statistics(text):
    assert _shares(text) == []


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        ("In 8 out of the 20 case files, we found victim-blaming language.", "worse"),
        ("In five of the six cases, we didn’t see good record keeping.", "worse"),
        (
            "In five of the six cases, officers recognised they should contact social care.",
            "better",
        ),
        ("We found good trigger plans in all six case files.", "better"),
        ("None of the six case files had return home interviews recorded.", "better"),
    ],
)
def test_polarity_says_whether_the_cases_counted_show_a_failing(text, polarity):
    (paragraph,) = split_paragraphs(text)
    (statistic,), _ = find_statistics(paragraph, "investigation")
    assert statistic["polarity"] == polarity
    assert statistic["sentence"] == text
    assert statistic["about"]


def test_an_unclear_polarity_is_guessed_with_a_warning():
    (paragraph,) = split_paragraphs("In 8 of the 20 case files, officers attended.")
    (statistic,), warnings = find_statistics(paragraph, "investigation")
    assert statistic["polarity"] == "better"
    assert len(warnings) == 1


@pytest.mark.parametrize(
    ("text", "value"),
    [("ten", 10), ("Twenty-four", 24), ("twenty four", 24), ("48", 48), ("a hundred", 100)],
)
def test_numbers_are_read_as_digits_or_words(text, value):
    assert parse_number(text) == value


def _figures(text: str) -> list[dict]:
    (paragraph,) = split_paragraphs(text)
    return find_figures(paragraph, "investigation")


def test_staffing_figures_give_establishment_and_deployable():
    (figure,) = _figures(
        "The force told us that its specialist child abuse investigation team should have "
        "35.27 full-time equivalent (FTE) officers and staff but could deploy only 19.05 FTE "
        "officers and staff."
    )
    assert (figure["kind"], figure["establishment"], figure["deployable"]) == (
        "fte",
        35.27,
        19.05,
    )
    assert figure["about"].startswith("child abuse investigation team")


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("The force told us officers used these powers only 12 times in 2024.", "count", 12),
        (
            "We saw nine examples in our case file reviews where officers didn’t see the child.",
            "count",
            9,
        ),
        ("It told us the data showed a 63\u00a0percent reduction in reports.", "percent", 63),
        ("Attendance fell by 12.5% in a year.", "percent", 12.5),
    ],
)
def test_counts_and_percentages_are_other_figures(text, kind, value):
    (figure,) = _figures(text)
    assert (figure["kind"], figure["value"]) == (kind, value)
    assert figure["sentence"] == text


@pytest.mark.parametrize(
    "text",
    [
        "In the two examples where staff had recorded a disability, they didn’t assess it.",
        "It took three days for officers to be allocated.",
        "In 8 out of the 20 case files, we found victim-blaming language.",
    ],
)
def test_other_numbers_are_not_other_figures(text):
    assert _figures(text) == []


def _labels(text: str) -> list[str]:
    (paragraph,) = split_paragraphs(text)
    statistics, _ = find_statistics(paragraph, "investigation")
    return [s["about"] for s in statistics]


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        (
            "In 8 out of the 20 case files we reviewed, we found victim-blaming language.",
            ["case files with victim-blaming language"],
        ),
        ("We found delays in 10 of the 12 case files we reviewed.", ["case files with delays"]),
        (
            "In this inspection, we found the voice of the child was absent in just over half "
            "(25 of 48) of the case file reviews.",
            ["case file reviews where the voice of the child was absent"],
        ),
        (
            "In five of the six cases, we didn’t see good record keeping.",
            ["cases without good record keeping"],
        ),
        (
            "In 16 of the 48 case files we reviewed, we found the constabulary hadn’t recorded "
            "the ethnicity of children.",
            ["case files where the constabulary hadn’t recorded the ethnicity of children"],
        ),
        (
            "We found good trigger plans in all six missing person case files we reviewed.",
            ["missing person case files with good trigger plans"],
        ),
        (
            "None of the six case files we reviewed had return home interviews recorded.",
            ["case files that had return home interviews recorded"],
        ),
        (
            "We sampled 19 missing children reports. The constabulary didn’t file ten of these "
            "reports on COMPACT.",
            ["missing children reports that the constabulary didn’t file on COMPACT"],
        ),
        (
            "Of the nine instances when staff didn’t use flags, seven were exploitation cases.",
            ["instances when staff didn’t use flags that were exploitation cases"],
        ),
        (
            "We found in four of the six case files we reviewed that the constabulary didn’t use "
            "the trigger plans, despite them being available.",
            ["case files where the constabulary didn’t use the trigger plans"],
        ),
        (
            "We reviewed six cases. In all six, we were pleased to see that a trained detective "
            "had attended.",
            ["cases where a trained detective had attended"],
        ),
        (
            "We found the response was mostly good (in five of six cases) when officers attended.",
            ["cases where the response was mostly good when officers attended"],
        ),
        (
            "In 3 of 10 cases officers acted well, and in 2 of 10 cases they didn’t.",
            ["cases where officers acted well", "cases where they didn’t"],
        ),
        (
            "Officers recorded the child’s ethnicity in only 12 of 40 cases (30 percent).",
            ["cases where officers recorded the child’s ethnicity"],
        ),
    ],
)
def test_each_statistic_is_labelled_with_a_phrase_made_from_its_sentence(text, labels):
    assert _labels(text) == labels


_READABLE = re.compile(
    rf"^(?:[\w’'-]+ ){{0,4}}?{CASES}(?: (?:involving|of) [^:…]+?)? "
    r"(?:where|with|without|that|when) [^:…]+[\w’'.)]$"
)
_DANGLING = re.compile(r"\b(?:in|of|for|at|on|that|and|or|the|a|to|where|with)$")


def test_the_seed_reports_statistics_each_have_a_readable_label():
    text = Path(__file__).resolve().parent.parent / "data" / "gloucestershire-2025-ncpi.txt"
    record = parse_report(text.read_text(encoding="utf-8"))
    labels = [s["about"] for s in record["case_file_statistics"]]
    assert len(labels) == 22
    for label in labels:
        assert _READABLE.match(label), label
        assert not _DANGLING.search(label), label
        assert len(label.split()) <= 22, label
    assert len(set(labels)) == len(labels)
    assert "case file reviews where the voice of the child was absent" in labels
    assert "case files with delays" in labels
    assert "cases with poor recording of decisions by officers and staff" in labels


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Six of the ten files were late.", "files that were late"),
        (
            "We found delays in 10 of the 12 case files, and supervision was poor.",
            "case files with delays",
        ),
        (
            "In 5 of 6 cases, officers acted promptly; supervisors reviewed the work.",
            "cases where officers acted promptly",
        ),
    ],
)
def test_a_label_takes_only_the_words_said_of_the_cases_counted(text, label):
    assert _labels(text) == [label]
