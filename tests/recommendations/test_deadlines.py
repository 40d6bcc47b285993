"""Deadlines for every published inspection, however it was loaded, and what the tracker says
about them: follow-up duties, timescales, "Awaiting review", role links and where sign-in lands."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections.models import Inspection
from inspections.reference_data import load_reference_data
from recommendations.models import FollowUpDuty
from tests.factories import PASSWORD
from tests.recommendations.conftest import claim_complete, client_for

pytestmark = pytest.mark.django_db

GRADES = (
    "force,programme,published,area,grade,report_url,source_url\n"
    "Kent Police,National child protection inspection,2025-03-07,working with safeguarding "
    "partners,good,,https://example.org/kent\n"
    "Essex Police,PEEL 2023–25,2024-11,preventing crime,adequate,,https://example.org/essex\n"
)


def _duties(inspection: Inspection) -> dict[str, datetime.date]:
    return dict(inspection.follow_up_duties.values_list("kind", "due_date"))


def test_the_fixtures_gloucestershire_inspection_has_the_duties_publishing_sets(gloucestershire):
    assert _duties(gloucestershire) == {
        "action_plan": datetime.date(2025, 7, 16),  # the report's own date, eight weeks on
        "pcc_response": datetime.date(2025, 7, 16),  # 56 days after 21 May 2025
    }


def test_grades_loaded_from_the_fixtures_get_duties_when_their_day_is_known():
    sussex = Inspection.objects.get(force__short_name="Sussex", published="2025-07-24")
    assert _duties(sussex) == {
        "action_plan": datetime.date(2025, 9, 18),
        "pcc_response": datetime.date(2025, 9, 18),
    }
    month_only = Inspection.objects.filter(
        status="published", published_precision__in=["month", "year"]
    )
    assert month_only.exists()
    assert not FollowUpDuty.objects.filter(inspection__in=month_only).exists()
    day = Inspection.objects.filter(status="published", published_precision="day")
    # A PEEL report known only from the list of reports (its grade counts at most, no grade
    # by area) sets no duties: its sources say nothing of an action plan.
    listed_only = day.filter(judgments__isnull=True)
    assert listed_only.exists()
    assert not FollowUpDuty.objects.filter(inspection__in=listed_only).exists()
    assert not listed_only.filter(action_plan_due__isnull=False).exists()
    graded = day.exclude(pk__in=listed_only)
    assert FollowUpDuty.objects.filter(inspection__in=graded).count() == 2 * graded.count()


def test_the_grade_import_sets_the_same_duties_as_publish_now(admin_client):
    upload = SimpleUploadedFile("grades.csv", GRADES.encode())
    admin_client.post(reverse("admin:inspections_inspection_import_grades"), {"table": upload})
    kent = Inspection.objects.get(force__short_name="Kent", published="2025-03-07")
    assert _duties(kent) == {
        "action_plan": datetime.date(2025, 5, 2),
        "pcc_response": datetime.date(2025, 5, 2),
    }
    essex = Inspection.objects.get(force__short_name="Essex", published="2024-11-01")
    assert _duties(essex) == {}  # published some day in November 2024: due dates not known


def test_loading_again_adds_missing_duties_and_keeps_a_recorded_submission(gloucestershire):
    plan = gloucestershire.follow_up_duties.get(kind="action_plan")
    plan.submitted_on = datetime.date(2025, 7, 10)
    plan.save()
    gloucestershire.follow_up_duties.filter(kind="pcc_response").delete()
    load_reference_data()
    assert _duties(gloucestershire)["pcc_response"] == datetime.date(2025, 7, 16)
    plan.refresh_from_db()
    assert plan.submitted_on == datetime.date(2025, 7, 10)


def test_my_force_shows_the_action_plan_due_with_no_submission_recorded(leader_client):
    response = leader_client.get(reverse("recommendations:my_force"))
    content = response.content.decode()
    assert "No published inspection of this force has follow-up duties" not in content
    assert "16 July 2025" in content
    assert "No submission recorded" in content


def test_a_recommendation_without_a_date_shows_the_reports_timescale(leader_client, recommendation):
    assert recommendation.due_date is None and recommendation.timescale
    response = leader_client.get(reverse("recommendations:my_force"))
    (row,) = [r for r in response.context["rows"] if r.recommendation == recommendation]
    cells = response.content.decode().split(f'id="recommendation-{recommendation.pk}"')[1]
    assert "With immediate effect" in cells.split("</tr>")[0]
    assert "Not set" not in response.content.decode()
    page = leader_client.get(reverse("recommendations:recommendation", args=[recommendation.pk]))
    assert "With immediate effect" in page.content.decode()
    trace = leader_client.get(reverse("recommendations:trace", args=[recommendation.finding_id]))
    assert "Due: With immediate effect." in " ".join(trace.content.decode().split())


def test_awaiting_review_is_said_only_of_a_claim_waiting_for_an_inspector(
    leader_client, force_leader, recommendation
):
    before = leader_client.get(reverse("recommendations:my_force")).content.decode()
    assert "Awaiting review" not in before.split('id="tracker"')[1].split("</table>")[0]
    assert "No update yet" in before
    claim_complete(recommendation, by=force_leader)
    response = leader_client.get(reverse("recommendations:my_force"))
    row = response.content.decode().split(f'id="recommendation-{recommendation.pk}"')[1]
    assert "Awaiting review" in row.split("</tr>")[0]
    filtered = leader_client.get(reverse("recommendations:my_force"), {"status": "awaiting_review"})
    assert [r.recommendation for r in filtered.context["rows"]] == [recommendation]


def test_the_progress_form_says_no_update_yet_before_any_claim(leader_client, recommendation):
    url = reverse("recommendations:record_progress", args=[recommendation.pk])
    page = leader_client.get(url).content.decode()
    summary = page.split('class="govuk-summary-list"')[1].split("</dl>")[0]
    assert "No update yet" in summary
    assert "Awaiting review" not in summary


def test_force_leaders_see_no_link_to_the_review_queue(leader_client, inspector, client):
    for name in ("my_force", "forces"):
        page = leader_client.get(reverse(f"recommendations:{name}")).content.decode()
        assert reverse("recommendations:review_queue") not in page
    assert leader_client.get(reverse("recommendations:review_queue")).status_code == 403
    inspector_page = client_for(client, inspector).get(reverse("recommendations:forces"))
    assert reverse("recommendations:review_queue") in inspector_page.content.decode()


@pytest.mark.parametrize(
    ("who", "home"),
    [
        ("force_leader", "/my-force/"),
        ("inspector", "/tracking/"),
        ("admin_user", "/tracking/"),
    ],
)
def test_signing_in_lands_on_the_roles_home(client, request, who, home):
    user = request.getfixturevalue(who)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and response.url == home


@pytest.mark.parametrize(
    ("next_path", "lands"),
    [
        ("/forces/gloucestershire/", "/forces/gloucestershire/"),
        ("https://evil.example/", "/my-force/"),
        ("//evil.example/", "/my-force/"),
    ],
    ids=["a page on this site", "another site", "scheme-relative"],
)
def test_signing_in_honours_only_a_safe_next(client, force_leader, next_path, lands):
    data = {"username": force_leader.username, "password": PASSWORD, "next": next_path}
    response = client.post(reverse("login"), data)
    assert response.status_code == 302 and response.url == lands


def test_the_headers_sign_in_link_on_the_home_page_leads_to_the_roles_home(client):
    page = client.get(reverse("inspections:home")).content.decode()
    assert f'href="{reverse("login")}"' in page
    other = client.get(reverse("dashboards:overview")).content.decode()
    assert f'href="{reverse("login")}?next=/dashboards/"' in other


def test_the_public_force_page_gives_no_action_plan_date_for_a_listed_only_report(client):
    page = client.get("/forces/gloucestershire/").content.decode()
    first_lines = {
        programme: page.split(f"{programme}</h2>")[1].split("</p>")[0]
        for programme in ("PEEL 2023–25", "National child protection inspection")
    }
    assert "Action plan due" not in first_lines["PEEL 2023–25"]
    assert "Action plan due 16 July 2025" in first_lines["National child protection inspection"]
