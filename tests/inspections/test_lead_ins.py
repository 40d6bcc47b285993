"""Each recommendation list's lead-in is kept, and every recommendation reads whole on its own."""

import csv
import datetime
import io
import json
from pathlib import Path

import pytest
from django.urls import reverse

from findings.models import Finding
from inspections.importer.parse import parse_report
from recommendations import reminders
from recommendations.models import Recommendation
from recommendations.wording import whole_recommendation

DATA = Path(__file__).resolve().parent.parent / "data"
REPORT = (DATA / "gloucestershire-2025-ncpi.txt").read_text(encoding="utf-8")
FIXTURE = json.loads(
    (
        Path(__file__).resolve().parents[2]
        / "fixtures"
        / "inspections"
        / "gloucestershire-2025-ncpi.json"
    ).read_text(encoding="utf-8")
)
MAKE_SURE = "With immediate effect, Gloucestershire Constabulary should make sure:"
TAKE_STEPS = "With immediate effect, Gloucestershire Constabulary should take steps to:"
WHOLE = (
    "Gloucestershire Constabulary should make sure it carries out risk assessments in all cases."
)


@pytest.mark.parametrize(
    ("lead_in", "text", "whole"),
    [
        (MAKE_SURE, "it carries out risk assessments in all cases;", WHOLE),
        (MAKE_SURE, "It carries out risk assessments in all cases", WHOLE),
        (
            MAKE_SURE,
            "its response is proportionate to the level of risk; and",
            "Gloucestershire Constabulary should make sure its response is proportionate to the "
            "level of risk.",
        ),
        (
            TAKE_STEPS,
            "put in place adequate strategic plans",
            "Gloucestershire Constabulary should take steps to put in place adequate strategic "
            "plans.",
        ),
        (MAKE_SURE, "IT systems record missing children", None),
        (
            "Within six months, Kent Police should",
            "review its policies",
            "Kent Police should review its policies.",
        ),
        (
            "Kent Police should, within three months:",
            "review its policies",
            "Kent Police should, within three months, review its policies.",
        ),
        (
            MAKE_SURE,
            "The constabulary should train its staff.",
            "The constabulary should train its staff.",
        ),
        ("", "the force should train its staff", "The force should train its staff."),
    ],
)
def test_a_recommendation_reads_as_one_sentence(lead_in, text, whole):
    expected = (
        whole or "Gloucestershire Constabulary should make sure IT systems record missing children."
    )
    assert whole_recommendation(lead_in=lead_in, text=text) == expected


def test_the_importer_keeps_each_lists_lead_in_with_its_cause():
    causes = parse_report(REPORT)["causes_of_concern"]
    assert [c["lead_in"] for c in causes] == [TAKE_STEPS, MAKE_SURE, MAKE_SURE]
    assert [c["timescale"] for c in causes] == ["With immediate effect"] * 3


def test_the_fixture_holds_the_reports_lead_ins():
    for cause in FIXTURE["causes_of_concern"]:
        assert cause["lead_in"] in REPORT.splitlines()
        assert cause["lead_in"].startswith(cause["timescale"])


@pytest.mark.django_db
def test_the_loaded_inspection_reads_whole(gloucestershire):
    causes = gloucestershire.findings.filter(kind=Finding.Kind.CAUSE_OF_CONCERN)
    assert sorted(causes.values_list("lead_in", flat=True)) == sorted(
        [TAKE_STEPS, MAKE_SURE, MAKE_SURE]
    )
    texts = [r.full_text for r in gloucestershire.recommendations.select_related("finding")]
    assert WHOLE in texts


@pytest.mark.django_db
def test_areas_for_improvement_stand_as_written(gloucestershire):
    tracked = gloucestershire.recommendations.filter(kind=Recommendation.Kind.AREA_FOR_IMPROVEMENT)
    for item in tracked.select_related("finding"):
        assert (
            item.full_text.rstrip(".")
            == item.text.rstrip(".")[:1].upper() + item.text.rstrip(".")[1:]
        )


@pytest.fixture
def risk_assessments(gloucestershire) -> Recommendation:
    return gloucestershire.recommendations.get(text="it carries out risk assessments in all cases")


@pytest.mark.django_db
def test_tracker_pages_show_the_whole_sentence(client, force_leader, inspector, risk_assessments):
    client.force_login(force_leader)
    assert WHOLE in client.get(reverse("recommendations:my_force")).text
    page = client.get(reverse("recommendations:recommendation", args=[risk_assessments.pk])).text
    assert WHOLE in page
    assert f"{MAKE_SURE} “it carries out risk assessments in all cases”" in page  # verbatim beside
    client.force_login(inspector)
    force_page = client.get(reverse("recommendations:force", args=["gloucestershire"])).text
    assert WHOLE in force_page


@pytest.mark.django_db
def test_the_csv_gives_the_whole_sentence_and_the_reports_words(
    client, force_leader, risk_assessments
):
    client.force_login(force_leader)
    response = client.get(reverse("recommendations:export_csv", args=["gloucestershire"]))
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    row = next(r for r in rows if r["Recommendation"] == WHOLE)
    assert row["In the report's words"] == "it carries out risk assessments in all cases"


@pytest.mark.django_db
def test_the_api_gives_the_full_text_beside_the_text(client, risk_assessments):
    response = client.get("/api/recommendations/", {"force": "gloucestershire"})
    items = response.json()
    items = items.get("results", items)
    item = next(i for i in items if i["id"] == risk_assessments.pk)
    assert item["full_text"] == WHOLE
    assert item["text"] == "it carries out risk assessments in all cases"


@pytest.mark.django_db
def test_reminder_emails_give_the_whole_sentence(force_leader, risk_assessments, mailoutbox):
    risk_assessments.due_date = datetime.date(2025, 8, 1)
    risk_assessments.save()
    reminders.send_force_reminders(today=datetime.date(2025, 9, 1))
    assert WHOLE in mailoutbox[0].body


@pytest.mark.django_db
def test_search_finds_the_recommendation_as_a_whole_sentence(client, gloucestershire):
    response = client.get(reverse("search:results"), {"q": "risk assessments in all cases"})
    assert WHOLE in response.text
