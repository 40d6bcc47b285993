"""Tracking pages: sign-in, force scoping, forms with their messages, conflicts, escaping."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from inspections import roles
from inspections.models import ForceMembership
from recommendations import services
from recommendations.models import ProgressUpdate
from tests.factories import ForceFactory, UserFactory
from tests.recommendations.conftest import claim_complete, client_for

pytestmark = pytest.mark.django_db


def _progress_data(recommendation, **overrides):
    data = {
        "version": recommendation.version,
        "force_status": "in_progress",
        "narrative": "Training delivered to 40 staff.",
        "effective_on": "2025-06-30",
        "acceptance": "",
        "links": "",
    }
    return {**data, **overrides}


def test_anonymous_visitors_are_sent_to_sign_in_for_my_force(client):
    response = client.get(reverse("recommendations:my_force"))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/my-force/"


@pytest.mark.parametrize("name", ["forces", "review_queue"], ids=["tracking", "review queue"])
def test_anonymous_visitors_are_sent_to_sign_in_for_tracking_pages(client, name):
    response = client.get(reverse(f"recommendations:{name}"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_sign_in_page_signs_a_force_leader_in_and_back_to_my_force(client, force_leader):
    page = client.get(reverse("login") + "?next=/my-force/")
    assert page.status_code == 200 and b"govuk-input" in page.content

    response = client.post(
        reverse("login"),
        {"username": "leader", "password": "correct horse battery staple", "next": "/my-force/"},
    )
    assert response.status_code == 302 and response.url == "/my-force/"


def test_a_wrong_password_is_named_in_an_error_summary(client, force_leader):
    response = client.post(reverse("login"), {"username": "leader", "password": "wrong"})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"correct username and password" in response.content


def test_password_reset_sends_an_email(client, force_leader, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": force_leader.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [force_leader.email]
    assert "/accounts/reset/" in mailoutbox[0].body


def test_signing_out_is_a_post(leader_client):
    assert leader_client.get(reverse("accounts:account")).status_code == 200
    response = leader_client.post(reverse("logout"))
    assert response.status_code == 302
    assert leader_client.get(reverse("recommendations:my_force")).status_code == 302


def test_my_force_lists_the_forces_recommendations_only(
    leader_client, recommendation, other_recommendation
):
    response = leader_client.get(reverse("recommendations:my_force"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == 21
    assert {row.recommendation.inspection.force_id for row in rows} == {
        recommendation.inspection.force_id
    }
    assert other_recommendation.text.encode() not in response.content


def test_my_force_highlights_overdue_and_filters(leader_client, recommendation, today):
    recommendation.due_date = today - datetime.timedelta(days=3)
    recommendation.save()

    response = leader_client.get(reverse("recommendations:my_force"), {"overdue": "on"})

    assert [row.recommendation for row in response.context["rows"]] == [recommendation]
    assert response.context["rows"][0].days_overdue == 3
    assert b"Overdue" in response.content and b"3 days late" in response.content


def test_a_bad_filter_is_named_and_shows_no_rows(leader_client):
    response = leader_client.get(reverse("recommendations:my_force"), {"status": "done-ish"})
    assert response.status_code == 400
    assert "“done-ish” is not a status." in response.content.decode()
    assert response.context["rows"] == []


def test_a_force_leader_never_sees_another_forces_tracker(leader_client, other_recommendation):
    force = other_recommendation.inspection.force
    assert leader_client.get(reverse("recommendations:force", args=[force.slug])).status_code == 404
    url = reverse("recommendations:export_csv", args=[force.slug])
    assert leader_client.get(url).status_code == 404


@pytest.mark.parametrize("name", ["recommendation", "record_progress", "review", "revise_due_date"])
def test_a_force_leader_gets_404_for_another_forces_recommendation(
    leader_client, other_recommendation, other_draft_recommendation, name
):
    for hidden in (other_recommendation, other_draft_recommendation):
        url = reverse(f"recommendations:{name}", args=[hidden.pk])
        assert leader_client.get(url).status_code == 404
        if name != "recommendation":
            assert leader_client.post(url, _progress_data(hidden)).status_code == 404
    assert not ProgressUpdate.objects.exists()


def test_a_force_leader_may_not_review_or_move_due_dates(leader_client, recommendation):
    for name in ("review", "revise_due_date"):
        url = reverse(f"recommendations:{name}", args=[recommendation.pk])
        assert leader_client.get(url).status_code == 403
        post = leader_client.post(url, {"version": 1, "verification_status": "met", "comment": "x"})
        assert post.status_code == 403
    recommendation.refresh_from_db()
    assert recommendation.verification_status == "awaiting_review"


def test_a_signed_in_user_with_no_role_is_refused(client, recommendation):
    client_for(client, UserFactory(username="nobody"))
    assert client.get(reverse("recommendations:my_force")).status_code == 403
    url = reverse("recommendations:recommendation", args=[recommendation.pk])
    assert client.get(url).status_code == 403


def test_an_inspector_is_sent_from_my_force_to_the_tracking_index(inspector_client, recommendation):
    response = inspector_client.get(reverse("recommendations:my_force"))
    assert response.status_code == 302 and response.url == reverse("recommendations:forces")
    index = inspector_client.get(response.url)
    assert recommendation.inspection.force.name.encode() in index.content


def test_a_force_leader_records_progress_and_sees_it_listed(leader_client, recommendation):
    url = reverse("recommendations:record_progress", args=[recommendation.pk])
    form = leader_client.get(url)
    assert form.status_code == 200 and b'name="version"' in form.content

    response = leader_client.post(
        url, _progress_data(recommendation, links="https://example.org/training-plan")
    )

    assert response.status_code == 302
    page = leader_client.get(response.url)
    assert b"Your progress update has been recorded." in page.content
    assert b"Training delivered to 40 staff." in page.content
    assert b"https://example.org/training-plan" in page.content
    recommendation.refresh_from_db()
    assert recommendation.force_status == "in_progress"


def test_a_form_error_names_the_field_and_writes_nothing(leader_client, recommendation):
    url = reverse("recommendations:record_progress", args=[recommendation.pk])
    response = leader_client.post(
        url, _progress_data(recommendation, narrative="", effective_on="2025-02-30")
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "There is a problem" in content
    assert 'href="#id_narrative"' in content and 'href="#id_effective_on"' in content
    assert "Enter a real date" in content
    assert not ProgressUpdate.objects.exists()


def test_a_service_error_is_shown_on_its_field(leader_client, recommendation):
    url = reverse("recommendations:record_progress", args=[recommendation.pk])
    response = leader_client.post(url, _progress_data(recommendation, effective_on="2020-01-01"))
    assert response.status_code == 400
    assert "before the report was published" in response.content.decode()
    assert response.context["form"].errors["effective_on"]


def test_the_second_editor_sees_a_conflict_with_the_newer_update(
    recommendation, force_leader, inspector
):
    leader, other = client_for(Client(), force_leader), client_for(Client(), inspector)
    stale_version = recommendation.version
    claim = leader.post(
        reverse("recommendations:record_progress", args=[recommendation.pk]),
        _progress_data(
            recommendation, force_status="reported_complete", narrative="All staff trained."
        ),
    )
    assert claim.status_code == 302

    response = other.post(
        reverse("recommendations:review", args=[recommendation.pk]),
        {"version": stale_version, "verification_status": "not_met", "comment": "Not yet."},
    )

    assert response.status_code == 409
    content = response.content.decode()
    assert "Someone else updated this" in content
    assert "All staff trained." in content  # the newer update is shown
    assert "Not yet." in content  # what they typed is kept
    assert response.context["form"]["version"].value() == stale_version + 1
    recommendation.refresh_from_db()
    assert recommendation.verification_status == "awaiting_review"

    again = other.post(
        reverse("recommendations:review", args=[recommendation.pk]),
        {"version": stale_version + 1, "verification_status": "not_met", "comment": "Not yet."},
    )
    assert again.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.verification_status == "not_met"


def test_the_review_queue_lists_claims_and_an_inspector_accepts_one(
    inspector_client, recommendation, force_leader
):
    claim_complete(recommendation, by=force_leader)
    queue = inspector_client.get(reverse("recommendations:review_queue"))
    assert [i.recommendation for i in queue.context["items"]] == [recommendation]

    response = inspector_client.post(
        reverse("recommendations:review", args=[recommendation.pk]),
        {"version": 2, "verification_status": "met", "comment": "Evidence seen on visit."},
    )
    assert response.status_code == 302
    assert inspector_client.get(reverse("recommendations:review_queue")).context["items"] == []


def test_the_review_queue_is_for_inspectors(leader_client):
    assert leader_client.get(reverse("recommendations:review_queue")).status_code == 403


def test_an_inspector_revises_a_due_date_with_a_reason(inspector_client, recommendation):
    url = reverse("recommendations:revise_due_date", args=[recommendation.pk])
    missing = inspector_client.post(url, {"version": 1, "new_due_date": "2025-12-01", "reason": ""})
    assert missing.status_code == 400
    assert "only with a reason" in missing.content.decode()

    done = inspector_client.post(
        url, {"version": 1, "new_due_date": "2025-12-01", "reason": "Agreed with the force."}
    )
    assert done.status_code == 302
    page = inspector_client.get(done.url)
    assert b"Agreed with the force." in page.content and b"1 Dec 2025" in page.content


def test_the_force_leader_marks_the_action_plan_submitted(leader_client, action_plan, today):
    url = reverse("recommendations:duty_submitted", args=[action_plan.pk])
    bad = leader_client.post(url, {"submitted_on": today.isoformat(), "url": "not a link"})
    assert bad.status_code == 400 and "is not a web address" in bad.content.decode()

    response = leader_client.post(
        url, {"submitted_on": today.isoformat(), "url": "https://example.org/plan.pdf"}
    )
    assert response.status_code == 302 and response.url == reverse("recommendations:my_force")
    action_plan.refresh_from_db()
    assert action_plan.submitted_on == today


def test_a_past_action_plan_with_nothing_recorded_says_no_submission_recorded(
    inspector_client, action_plan, gloucestershire, today
):
    response = inspector_client.get(
        reverse("recommendations:force", args=[gloucestershire.force.slug])
    )
    (row,) = [d for d in response.context["duties"] if d.duty == action_plan]
    late = (today - action_plan.due_date).days
    assert row.state == "not_recorded" and row.countdown == f"{late} days past the date"
    assert b"No submission recorded" in response.content
    assert b"Missing" not in response.content  # nothing says the force failed to send it


def test_another_forces_leader_cannot_mark_the_action_plan(client, action_plan, today):
    stranger = UserFactory(username="stranger")
    stranger.groups.add(Group.objects.get(name=roles.FORCE_LEADERS))
    ForceMembership.objects.create(user=stranger, force=ForceFactory())
    client_for(client, stranger)
    url = reverse("recommendations:duty_submitted", args=[action_plan.pk])
    assert client.get(url).status_code == 404
    post = client.post(url, {"submitted_on": today.isoformat(), "url": "https://example.org/"})
    assert post.status_code == 404
    action_plan.refresh_from_db()
    assert action_plan.submitted_on is None


def test_monitoring_stages_show_to_inspectors_not_force_leaders(
    recommendation, force_leader, inspector, gloucestershire
):
    slug = gloucestershire.force.slug
    other = client_for(Client(), inspector)
    response = other.post(
        reverse("recommendations:monitoring_stage", args=[slug]),
        {"stage": "engage", "started_on": "2025-06-01", "reason": "Causes of concern."},
    )
    assert response.status_code == 302
    page = other.get(reverse("recommendations:force", args=[slug]))
    assert b"Engage (enhanced monitoring)" in page.content

    leader = client_for(Client(), force_leader)
    assert leader.get(reverse("recommendations:my_force")).context["stages"] is None
    url = reverse("recommendations:monitoring_stage", args=[slug])
    assert leader.get(url).status_code == 403


def test_user_text_is_escaped(leader_client, recommendation):
    script = "<script>alert('x')</script>"
    response = leader_client.post(
        reverse("recommendations:record_progress", args=[recommendation.pk]),
        _progress_data(recommendation, narrative=script),
    )
    page = leader_client.get(response.url)
    assert script.encode() not in page.content
    assert b"&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page.content


def test_the_trace_page_follows_a_cause_of_concern_to_the_next_grade(
    inspector_client, recommendation, force_leader
):
    from inspections.models import Inspection, Judgment
    from tests.factories import grade

    services.record_progress(
        recommendation=recommendation,
        author=force_leader,
        force_status="in_progress",
        narrative="Plan agreed.",
        effective_on=datetime.date(2025, 7, 1),
    )
    first = recommendation.inspection
    later = Inspection.objects.create(
        slug="gloucestershire-ncpi-2027",
        force=first.force,
        programme=first.programme,
        status="published",
        published=datetime.date(2027, 3, 1),
    )
    Judgment.objects.create(inspection=later, area=recommendation.finding.area, grade=grade("good"))

    response = inspector_client.get(
        reverse("recommendations:trace", args=[recommendation.finding_id])
    )

    trace = response.context["trace"]
    assert trace.next_inspection == later and trace.next_judgment.grade.slug == "good"
    assert recommendation in trace.recommendations
    assert b"Plan agreed." in response.content and b"Good" in response.content


def test_the_trace_page_is_scoped_to_the_force(leader_client, other_recommendation):
    url = reverse("recommendations:trace", args=[other_recommendation.finding_id])
    assert leader_client.get(url).status_code == 404


def test_my_force_reads_a_fixed_number_of_queries(
    leader_client, gloucestershire, force_leader, action_plan, django_assert_max_num_queries
):
    def page():
        return leader_client.get(reverse("recommendations:my_force"))

    page()  # warm the session and role caches
    with django_assert_max_num_queries(15) as before:
        page()
    for recommendation in gloucestershire.recommendations.all()[:5]:
        services.record_progress(
            recommendation=recommendation,
            author=force_leader,
            force_status="in_progress",
            narrative="Started.",
            effective_on=datetime.date(2025, 7, 1),
        )
    with django_assert_max_num_queries(len(before.captured_queries)):
        page()


def test_the_recommendation_page_reads_a_fixed_number_of_queries(
    leader_client, recommendation, force_leader, django_assert_max_num_queries
):
    def update(day):
        services.record_progress(
            recommendation=recommendation,
            author=force_leader,
            force_status="in_progress",
            narrative=f"Day {day}.",
            effective_on=datetime.date(2025, 7, day),
            links=["https://example.org/evidence"],
        )

    url = reverse("recommendations:recommendation", args=[recommendation.pk])
    update(1)
    leader_client.get(url)
    with django_assert_max_num_queries(20) as before:
        leader_client.get(url)
    for day in range(2, 7):
        update(day)
    with django_assert_max_num_queries(len(before.captured_queries)):
        leader_client.get(url)
