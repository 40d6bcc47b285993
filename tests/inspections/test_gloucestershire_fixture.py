"""The Gloucestershire 2025 fixture holds everything the gold file lists, item by item."""

import json
import re
from pathlib import Path

import pytest

from findings.models import CaseFileStatistic, Finding, OtherFigure
from recommendations.models import Recommendation

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data"
GOLD = json.loads((DATA / "gloucestershire-2025-ncpi.gold.json").read_text(encoding="utf-8"))
REPORT = (DATA / "gloucestershire-2025-ncpi.txt").read_text(encoding="utf-8")


def _same(text: str) -> str:
    """Compare texts ignoring the report's non-breaking spaces and hyphens."""
    return re.sub(r"\s+", " ", text.replace("\u2011", "-")).strip()


def _findings(inspection, kind):
    return list(inspection.findings.filter(kind=kind).select_related("area").order_by("position"))


def test_it_has_the_published_details(gloucestershire):
    assert gloucestershire.force.name == GOLD["force"]
    assert gloucestershire.programme.name == GOLD["programme"]
    assert gloucestershire.published.isoformat() == GOLD["published"]
    assert gloucestershire.published_precision == "day"
    assert gloucestershire.status == "published"
    assert gloucestershire.hm_inspector == GOLD["hm_inspector"]
    assert gloucestershire.action_plan_due.isoformat() == GOLD["action_plan_due"]


def test_it_has_all_five_judgments(gloucestershire):
    judgments = {
        j.area.slug: j.grade.slug for j in gloucestershire.judgments.select_related("area", "grade")
    }
    assert judgments == GOLD["judgments"]


def test_its_areas_carry_the_reports_headings(gloucestershire):
    areas = {a.slug: a.name for a in gloucestershire.programme.areas.all()}
    assert areas == GOLD["area_headings"]


def test_causes_of_concern_match_with_their_recommendations(gloucestershire):
    causes = _findings(gloucestershire, Finding.Kind.CAUSE_OF_CONCERN)
    assert len(causes) == len(GOLD["causes_of_concern"]) == 3
    for cause, gold in zip(causes, GOLD["causes_of_concern"], strict=True):
        assert (cause.area.slug, _same(cause.title)) == (gold["area"], _same(gold["title"]))
        assert cause.body
        recommendations = list(cause.recommendations.order_by("position"))
        assert len(recommendations) == gold["recommendation_count"]
        for recommendation, start in zip(
            recommendations, gold["recommendations_start"], strict=True
        ):
            assert recommendation.kind == Recommendation.Kind.RECOMMENDATION
            assert recommendation.text.startswith(start)
            assert recommendation.timescale == GOLD["recommendation_timescale"]
            assert f"  • {recommendation.text}" in REPORT, (
                "each text is a whole bullet of the report"
            )
            assert not recommendation.text.endswith((";", "; and", "."))


def test_there_are_eighteen_recommendations(gloucestershire):
    assert (
        gloucestershire.recommendations.filter(kind=Recommendation.Kind.RECOMMENDATION).count()
        == 18
    )


def test_areas_for_improvement_match_and_are_tracked(gloucestershire):
    afis = _findings(gloucestershire, Finding.Kind.AREA_FOR_IMPROVEMENT)
    assert [(f.area.slug, _same(f.title)) for f in afis] == [
        (g["area"], _same(g["title"])) for g in GOLD["areas_for_improvement"]
    ]
    for afi in afis:
        tracked = afi.recommendations.get()
        assert tracked.kind == Recommendation.Kind.AREA_FOR_IMPROVEMENT
        assert tracked.text == afi.title


def test_case_studies_match_with_their_outcomes(gloucestershire):
    studies = _findings(gloucestershire, Finding.Kind.CASE_STUDY)
    assert [(s.area.slug, _same(s.title), s.outcome) for s in studies] == [
        (g["area"], _same(g["title"]), g["outcome"]) for g in GOLD["case_studies"]
    ]
    assert all(study.body for study in studies)


def test_all_22_case_file_statistics_match(gloucestershire):
    statistics = list(gloucestershire.statistics.select_related("area").order_by("position"))
    assert len(statistics) == 22
    for statistic, gold in zip(statistics, GOLD["case_file_statistics"], strict=True):
        assert (
            statistic.area.slug,
            statistic.numerator,
            statistic.denominator,
            statistic.about,
        ) == (gold["area"], gold["numerator"], gold["denominator"], gold["about"])
        assert statistic.polarity in CaseFileStatistic.Polarity.values
        assert statistic.sentence in REPORT


def test_other_figures_match(gloucestershire):
    figures = list(gloucestershire.other_figures.select_related("area").order_by("position"))
    assert len(figures) == len(GOLD["other_figures"])
    for figure, gold in zip(figures, GOLD["other_figures"], strict=True):
        assert (figure.area.slug, figure.about) == (gold["area"], gold["about"])
        if "establishment" in gold:
            assert figure.kind == OtherFigure.Kind.FTE
            assert (float(figure.establishment), float(figure.deployable)) == (
                gold["establishment"],
                gold["deployable"],
            )
        else:
            kind = "count" if "count" in gold else "percent"
            assert (figure.kind, float(figure.value)) == (kind, gold[kind])
        assert figure.sentence in REPORT


def test_main_findings_are_all_there_with_bodies(gloucestershire):
    main_findings = _findings(gloucestershire, Finding.Kind.MAIN_FINDING)
    assert {f.area.slug for f in main_findings} == set(GOLD["judgments"])
    for finding in main_findings:
        assert finding.body
        assert _same(finding.title) in _same(REPORT)
