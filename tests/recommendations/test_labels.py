"""The words and tag colours the tracker writes for a recommendation, worked out in Python once
per row, and its long filters written without a template per option."""

import datetime

import pytest
from django import forms
from django.utils import timezone, translation

from findings.models import Finding
from inspections.models import AssessmentArea, Inspection, Programme
from recommendations import selectors
from recommendations.choices import Acceptance, ForceStatus, VerificationStatus, choice_label
from recommendations.forms import LongSelect
from recommendations.models import Recommendation


@pytest.mark.parametrize(
    ("choices", "field"),
    [(ForceStatus, "force_status"), (Acceptance, "acceptance"), (Recommendation.Kind, "kind")],
)
def test_a_choice_label_is_what_get_display_gives(choices, field):
    for value in [*choices.values, "no-such-value"]:
        recommendation = Recommendation(**{field: value})
        display = getattr(recommendation, f"get_{field}_display")()
        assert choice_label(choices, value) == display


def test_a_choice_label_follows_the_active_language():
    with translation.override("en-gb"):
        english = choice_label(VerificationStatus, "met")
    with translation.override(None):
        assert choice_label(VerificationStatus, "met") == english == "Met"


@pytest.mark.parametrize(
    ("force_status", "verification_status", "label", "force_tag", "verification_tag"),
    [
        ("not_started", "awaiting_review", "No update yet", "grey", "grey"),
        ("in_progress", "awaiting_review", "No update yet", "light-blue", "grey"),
        ("reported_complete", "awaiting_review", "Awaiting review", "blue", "yellow"),
        ("reported_complete", "met", "Met", "blue", "green"),
        ("reported_complete", "not_met", "Not met", "blue", "red"),
        ("in_progress", "superseded", "Superseded by a later inspection", "light-blue", "grey"),
    ],
)
def test_each_status_has_its_words_and_tag_colour(
    force_status, verification_status, label, force_tag, verification_tag
):
    r = Recommendation(force_status=force_status, verification_status=verification_status)
    assert r.verification_label() == label
    assert r.force_status_tag == f"govuk-tag--{force_tag}"
    assert r.verification_tag == f"govuk-tag--{verification_tag}"


def test_the_due_label_is_the_date_else_the_timescale_else_no_date():
    dated = Recommendation(due_date=datetime.date(2025, 7, 16), timescale="within a year")
    assert dated.due_label() == "16 July 2025"
    assert dated.due_label(short=True) == "16 Jul 2025"
    assert Recommendation(timescale="with immediate effect").due_label() == "With immediate effect"
    assert Recommendation().due_label() == "No date set"


def test_a_tracker_row_writes_its_source_dates_and_days():
    inspection = Inspection(
        programme=Programme(short_name="Child protection"),
        published=datetime.date(2025, 5, 21),
        published_precision="day",
    )
    recommendation = Recommendation(
        inspection=inspection,
        finding=Finding(area=AssessmentArea(short_name="Leadership"), lead_in=""),
        kind=Recommendation.Kind.AREA_FOR_IMPROVEMENT,
        text="Review every referral within a day. " * 10,
        due_date=datetime.date(2025, 7, 16),
    )
    updated = timezone.make_aware(datetime.datetime(2025, 8, 1, 23, 30), datetime.UTC)
    row = selectors.TrackerRow(recommendation, updated, 1, True, 2, "")

    assert row.source == "Area for improvement, Leadership: Child protection, 21 May 2025"
    assert len(row.short_text) == selectors.TRACKER_TEXT_LENGTH and row.short_text[-1] == "…"
    assert (row.due_sort, row.due_label) == ("2025-07-16", "16 Jul 2025")
    assert (row.days_overdue_label, row.days_since_update_label) == ("2 days late", "1 day ago")
    assert row.last_update_sort == timezone.localtime(updated).isoformat()
    assert row.last_update_label == "2 Aug 2025"  # the evening's update, in London's summer


class _Filters(forms.Form):
    status = forms.ChoiceField(
        choices=[("", "Any"), ("Force's", [("a&b", "A & <b>"), ("c", "C")]), ("d", "D")],
        required=False,
    )


@pytest.mark.parametrize("value", ["", "a&b", "d"])
def test_a_long_select_writes_what_djangos_select_writes(value):
    attrs = {"class": "govuk-select", "aria-describedby": 'x"y', "disabled": True, "hidden": False}
    django_field = _Filters({"status": value})["status"]
    long_field = _Filters({"status": value})["status"]
    long_field.field.widget = LongSelect(choices=long_field.field.choices)

    assert long_field.as_widget(attrs=attrs) == django_field.as_widget(attrs=attrs)
