"""The importer reads the inspectorate's phrasing variants, not only one report's wording."""

import json
from pathlib import Path

import pytest

from inspections.importer.errors import ReportError
from inspections.importer.parse import parse_report

PROGRAMMES = Path(__file__).resolve().parents[2] / "fixtures" / "programmes.json"
SUMMARY = (
    "{force} is good at working with safeguarding partners. It requires improvement at "
    "assessing risk and making referrals. It is inadequate at leading child protection "
    "arrangements and investigating child abuse, neglect and exploitation. It is adequate at "
    "responding to children at risk of harm."
)
REPORT = """{before}
{title}
Published on: 3 March 2025
Overall summary
Our judgments
{summary}
HM Inspector’s summary
{force} has work to do.
Jane Doe
HM Inspector of Constabulary
{leadership_heading}
{force}’s leadership of its child protection arrangements {leadership}.
{cause_heading}
Leaders don’t oversee child protection well enough
Leaders don’t know how well the force protects children.
{recommendations}
Main findings
In this section, we set out our main findings.
Leaders don’t use data
Leaders rarely look at performance data.
Working with safeguarding partners
{force} {partnership} at working with safeguarding partners.
{improvement_heading}
The force needs to respond to partners promptly
Partners raised concerns about missing children.
Responding to children at risk of harm
{initial_response}
Case study
{case_title}
{case_body}
{risk_heading}
{force} requires improvement at assessing risk to children and making appropriate referrals.
Investigating reports of abuse, neglect and exploitation of children
{force} is inadequate at investigating reports of abuse, neglect and exploitation of children.
Next steps
Within {weeks} weeks of this report’s publication, {force} should tell us how it will act.
{after}
"""
DEFAULTS = {
    "before": "",
    "after": "",
    "force": "Kent Police",
    "title": "{force}: National child protection inspection",
    "summary": SUMMARY,
    "leadership_heading": "Leadership of child protection arrangements",
    "leadership": "is inadequate",
    "cause_heading": "Cause of concern",
    "recommendations": (
        "Recommendations\nWith immediate effect, {force} should make sure:\n"
        "• leaders review performance data;\n• leaders act on what it shows; and\n"
        "• supervisors check the language officers use."
    ),
    "partnership": "is good",
    "improvement_heading": "Area for improvement",
    "initial_response": "{force} is adequate at responding to children at risk of harm.",
    "case_title": "The force provided a good service to a boy who was missing",
    "case_body": "Officers found the boy within hours.",
    "risk_heading": "Assessing risk to children and making appropriate referrals",
    "weeks": "eight",
}
GRADES = {
    "leadership": "inadequate",
    "partnership": "good",
    "initial_response": "adequate",
    "risk_assessment_and_referral": "requires_improvement",
    "investigation": "inadequate",
}


def _report(**changes: str) -> str:
    parts = DEFAULTS | changes
    force = parts["force"]
    filled = {key: value.replace("{force}", force) for key, value in parts.items()}
    return REPORT.format(**filled)


def test_the_plain_synthetic_report_reads_without_warnings():
    record = parse_report(_report())
    assert record["judgments"] == GRADES
    assert record["warnings"] == []
    assert record["published"] == "2025-03-03"
    assert record["hm_inspector"] == "Jane Doe"
    assert record["causes_of_concern"][0]["recommendations"] == [
        "leaders review performance data",
        "leaders act on what it shows",
        "supervisors check the language officers use",
    ]


@pytest.mark.parametrize(
    ("cause", "improvement", "recommendations"),
    [
        ("Cause of concern", "Area for improvement", "Recommendation"),
        ("Causes of concern", "Areas for improvement", "Recommendations"),
        ("Cause of concern", "Area for improvement", "Recommendations\nRecommendations"),
        ("CAUSES OF CONCERN", "Areas for improvement:", "Recommendations:"),
    ],
)
def test_it_reads_singular_plural_and_repeated_block_headings(cause, improvement, recommendations):
    text = _report(
        cause_heading=cause,
        improvement_heading=improvement,
        recommendations=DEFAULTS["recommendations"].replace("Recommendations", recommendations),
    )
    record = parse_report(text)
    assert [c["title"] for c in record["causes_of_concern"]] == [
        "Leaders don’t oversee child protection well enough"
    ]
    assert len(record["causes_of_concern"][0]["recommendations"]) == 3
    assert [a["area"] for a in record["areas_for_improvement"]] == ["partnership"]
    assert record["warnings"] == []


def test_it_reads_a_recommendation_written_out_without_a_list():
    text = _report(
        recommendations="Recommendation\nBy 31 March 2026, {force} should make sure its "
        "leaders review performance data."
    )
    cause = parse_report(text)["causes_of_concern"][0]
    assert cause["timescale"] == "By 31 March 2026"
    assert cause["recommendations"] == ["make sure its leaders review performance data"]


@pytest.mark.parametrize(
    ("leadership", "partnership"),
    [
        ("is INADEQUATE", "is Good"),
        ("is Inadequate", "is GOOD"),
    ],
)
def test_grade_words_are_read_in_any_case(leadership, partnership):
    record = parse_report(_report(leadership=leadership, partnership=partnership))
    assert record["judgments"] == GRADES


def test_require_improvement_reads_as_requires_improvement():
    text = _report(
        force="Greater Manchester Police",
        summary=SUMMARY.replace("It requires improvement", "They require improvement"),
    ).replace("Police requires improvement", "Police require improvement")
    record = parse_report(text)
    assert record["judgments"]["risk_assessment_and_referral"] == "requires_improvement"
    assert record["warnings"] == []


@pytest.mark.parametrize(
    "force", ["Kent Police", "Gloucestershire Constabulary", "Police Service of Northern Wales"]
)
def test_it_names_the_force_as_the_title_writes_it(force):
    assert parse_report(_report(force=force))["force"] == force


def test_a_title_without_the_force_takes_it_from_the_summary():
    text = _report(force="Cheshire Police Service", title="National child protection inspection")
    record = parse_report(text)
    assert record["force"] == "Cheshire Police Service"
    assert record["judgments"] == GRADES


def test_the_force_can_follow_the_programme_in_the_title():
    text = _report(title="National child protection inspection: Cheshire Constabulary")
    assert parse_report(text)["force"] == "Cheshire Constabulary"


def test_the_older_title_form_gives_the_forces_short_name():
    record = parse_report(_report(title="Gloucestershire – National child protection inspection"))
    assert record["force"] == "Gloucestershire"
    assert record["judgments"] == GRADES


def test_curly_and_straight_quotes_read_alike():
    curly = parse_report(_report())
    straight = parse_report(_report().replace("’", "'"))
    assert straight["judgments"] == curly["judgments"]
    assert straight["causes_of_concern"][0]["title"] == (
        "Leaders don't oversee child protection well enough"
    )
    assert straight["hm_inspector"] == curly["hm_inspector"]


def test_non_breaking_spaces_and_hyphens_are_read_as_plain_ones_but_kept_in_the_text():
    text = _report(
        risk_heading="Assessing\u00a0risk to children and making\u00a0appropriate referrals",
        case_body="In 8\u00a0out of the 20 case files we reviewed, officers used "
        "victim\u2011blaming language.",
    ).replace("Published on: 3 March 2025", "Published\u00a0on:\u00a03\u00a0March\u00a02025")
    record = parse_report(text)
    assert record["judgments"] == GRADES
    assert record["published"] == "2025-03-03"
    (statistic,) = record["case_file_statistics"]
    assert (statistic["numerator"], statistic["denominator"]) == (8, 20)
    assert "victim\u2011blaming" in statistic["sentence"]
    assert "victim_blaming_language" in record["case_studies"][0]["themes"]


def test_navigation_text_before_the_title_and_after_the_end_is_ignored():
    plain = parse_report(_report())
    with_navigation = parse_report(
        _report(
            before="Skip to main content\nContents\nPrint this document",
            after="Back to publication\nKent Police: National child protection inspection\n"
            "Print this document\nBack to top",
        )
    )
    assert with_navigation == plain


def test_a_contents_list_of_the_area_headings_does_not_hide_the_sections():
    contents = "\n".join(
        [
            "Contents",
            "Leadership of child protection arrangements",
            "Working with safeguarding partners",
            "Responding to children at risk of harm",
            "Assessing risk to children and making appropriate referrals",
            "Investigating reports of abuse, neglect and exploitation of children",
        ]
    )
    plain = parse_report(_report())
    text = _report().replace("HM Inspector’s summary", contents + "\nHM Inspector’s summary", 1)
    assert parse_report(text)["judgments"] == plain["judgments"]
    assert parse_report(text)["causes_of_concern"] == plain["causes_of_concern"]


@pytest.mark.parametrize(
    ("leadership_heading", "risk_heading"),
    [
        ("Leading child protection arrangements", "Assessing risk and making referrals"),
        (
            "Leadership of child protection arrangements:",
            "Assessing risk to children and referrals",
        ),
    ],
)
def test_section_headings_may_differ_a_little_from_the_area_names(leadership_heading, risk_heading):
    record = parse_report(_report(leadership_heading=leadership_heading, risk_heading=risk_heading))
    assert record["judgments"] == GRADES
    assert record["warnings"] == []


def test_a_disagreement_between_summary_and_section_keeps_the_sections_grade_with_a_warning():
    record = parse_report(_report(partnership="is adequate"))
    assert record["judgments"]["partnership"] == "adequate"
    (warning,) = record["warnings"]
    assert "Working with safeguarding partners" in warning
    assert "good" in warning and "adequate" in warning


def test_a_section_without_its_grade_takes_the_summarys_with_a_warning():
    record = parse_report(_report(initial_response="Officers respond to most calls quickly."))
    assert record["judgments"]["initial_response"] == "adequate"
    assert any("states no grade" in w for w in record["warnings"])


def test_a_report_whose_grades_are_not_in_its_text_gets_no_invented_grade():
    text = _report(
        summary="Our graded judgments are shown in the image below.",
        leadership="is described below",
        partnership="works",
        initial_response="Officers respond to most calls.",
    )
    text = text.replace("requires improvement at", "works at").replace(
        "is inadequate at", "works at"
    )
    record = parse_report(text)
    assert record["judgments"] == {}
    assert any("states no graded judgments" in w for w in record["warnings"])


def test_a_missing_section_is_named_in_a_warning():
    text = _report().replace(
        "Investigating reports of abuse, neglect and exploitation of children\n", ""
    )
    record = parse_report(text)
    assert record["judgments"]["investigation"] == "inadequate"  # the summary still says so
    assert any(
        "No “Investigating reports of abuse, neglect and exploitation of children” section" in w
        for w in record["warnings"]
    )


def test_a_peel_title_over_two_lines_is_read_as_peel_not_refused():
    text = (
        "PEEL 2023–25\nPolice effectiveness, efficiency and legitimacy: "
        "An inspection of Kent Police\nPublished on: 1 May 2025\nKent Police is good at "
        "investigating crime."
    )
    record = parse_report(text)
    assert (record["programme"], record["force"]) == ("PEEL 2023–25", "Kent Police")


def test_a_peel_report_without_its_title_is_refused_naming_the_programme():
    text = "Police effectiveness, efficiency and legitimacy (PEEL)\nKent Police is good."
    with pytest.raises(ReportError, match="PEEL 2023–25: An inspection of <force>"):
        parse_report(text)


def test_text_of_no_known_programme_is_refused():
    with pytest.raises(ReportError, match="National child protection inspection"):
        parse_report("Minutes of the board meeting\nThe board met on Tuesday.")


@pytest.mark.parametrize(("weeks", "due"), [("eight", "2025-04-28"), ("6", "2025-04-14")])
def test_the_action_plan_is_due_the_stated_number_of_weeks_after_publication(weeks, due):
    assert parse_report(_report(weeks=weeks))["action_plan_due"] == due


@pytest.mark.parametrize(
    ("title", "body", "outcome"),
    [
        ("The force provided a good service to a boy who was missing", "", "good"),
        ("The force provided a poor service to a victim of hate crime", "", "poor"),
        ("The force didn’t carry out a prompt risk assessment", "", "poor"),
        ("The force responded ineffectively to a victim of domestic abuse", "", "poor"),
        ("A boy aged 12", "Officers attended.", ""),
    ],
)
def test_a_case_studys_outcome_is_read_from_its_words_or_left_blank(title, body, outcome):
    record = parse_report(_report(case_title=title, case_body=body or "Officers attended."))
    assert record["case_studies"][0]["outcome"] == outcome
    assert any("outcome was left blank" in w for w in record["warnings"]) == (not outcome)


def test_themes_can_be_given_as_data():
    record = parse_report(_report(), themes={"data": ["performance data"], "none": ["xyz"]})
    assert record["causes_of_concern"][0]["themes"] == ["data"]
    assert record["areas_for_improvement"][0]["themes"] == []


def test_findings_after_recommendations_are_read_without_a_main_findings_heading():
    text = _report().replace("Main findings\nIn this section, we set out our main findings.\n", "")
    record = parse_report(text)
    assert [m["title"] for m in record["main_findings"]] == ["Leaders don’t use data"]
    assert len(record["causes_of_concern"][0]["recommendations"]) == 3


def test_promising_practice_is_kept_apart_only_when_the_report_has_some():
    assert "promising_practice" not in parse_report(_report())
    text = _report(
        case_body="Officers found the boy within hours.\nPromising practice\n"
        "The force runs a missing children hub\nThe hub shares information daily."
    )
    (practice,) = parse_report(text)["promising_practice"]
    assert practice["title"] == "The force runs a missing children hub"
    assert practice["body"] == "The hub shares information daily."
    assert {"missing_children", "information_sharing"} <= set(practice["themes"])


def test_area_wordings_come_from_the_reference_data_passed_in():
    reference = json.loads(PROGRAMMES.read_text(encoding="utf-8"))
    text = _report().replace(
        "Responding to children at risk of harm\n", "Keeping endangered youngsters safe\n", 1
    )
    assert any("Responding to children" in w for w in parse_report(text)["warnings"])
    ncpi = next(p for p in reference["programmes"] if p["slug"] == "ncpi")
    area = next(a for a in ncpi["areas"] if a["slug"] == "initial_response")
    area["aliases"] = ["Keeping endangered youngsters safe"]
    record = parse_report(text, reference=reference)
    assert record["judgments"] == GRADES
    assert record["warnings"] == []
