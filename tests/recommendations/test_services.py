"""The tracking services: who may do what, conflicts, append-only corrections, due dates."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from inspections.models import MonitoringStage
from recommendations import services
from recommendations.models import (
    DueDateRevision,
    FollowUpDuty,
    ProgressUpdate,
    Recommendation,
    VerificationStatus,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _progress(recommendation, author, **kwargs):
    values = {
        "force_status": "in_progress",
        "narrative": "Training plan agreed.",
        "effective_on": recommendation.inspection.published + datetime.timedelta(days=30),
    }
    return services.record_progress(
        recommendation=recommendation, author=author, **{**values, **kwargs}
    )


def _field_of(error: ValidationError) -> set[str]:
    return set(error.value.message_dict)


def test_a_force_leader_records_progress_on_their_forces_recommendation(
    recommendation, force_leader
):
    update = _progress(recommendation, force_leader, acceptance="accepted")

    recommendation.refresh_from_db()
    assert update.author == force_leader and update.force_status == "in_progress"
    assert recommendation.force_status == "in_progress"
    assert recommendation.acceptance == "accepted"
    assert recommendation.version == 2


def test_a_force_leader_cannot_report_on_another_forces_recommendation(
    other_recommendation, force_leader
):
    with pytest.raises(PermissionDenied):
        _progress(other_recommendation, force_leader)
    assert not ProgressUpdate.objects.filter(recommendation=other_recommendation).exists()


def test_an_inspector_cannot_report_the_forces_progress(recommendation, inspector):
    with pytest.raises(PermissionDenied):
        _progress(recommendation, inspector)


def test_a_force_leader_cannot_set_a_verified_state(recommendation, force_leader):
    with pytest.raises(ValidationError) as error:
        _progress(recommendation, force_leader, force_status="met")
    assert _field_of(error) == {"force_status"}
    assert error.value.error_dict["force_status"][0].code == "verification_required"


@pytest.mark.parametrize("status", ["met", "not_met", "superseded", "closed"])
def test_only_inspectors_verify(recommendation, force_leader, status):
    with pytest.raises(ValidationError) as error:
        services.verify_recommendation(
            recommendation=recommendation, by=force_leader, verification_status=status, comment="x"
        )
    assert _field_of(error) == {"verification_status"}
    recommendation.refresh_from_db()
    assert recommendation.verification_status == "awaiting_review"
    assert not recommendation.progress_updates.exists()


@pytest.mark.parametrize("user_fixture", ["inspector", "admin_user"])
def test_inspectors_and_admins_verify_with_a_comment(recommendation, request, user_fixture):
    user = request.getfixturevalue(user_fixture)
    update = services.verify_recommendation(
        recommendation=recommendation, by=user, verification_status="met", comment="Seen it."
    )
    recommendation.refresh_from_db()
    assert recommendation.verification_status == "met"
    assert update.verification_status == "met" and update.narrative == "Seen it."


def test_a_verification_needs_a_comment(recommendation, inspector):
    with pytest.raises(ValidationError) as error:
        services.verify_recommendation(
            recommendation=recommendation, by=inspector, verification_status="met", comment="  "
        )
    assert _field_of(error) == {"comment"}


def test_a_verification_must_be_a_verified_state(recommendation, inspector):
    with pytest.raises(ValidationError) as error:
        services.verify_recommendation(
            recommendation=recommendation,
            by=inspector,
            verification_status="awaiting_review",
            comment="x",
        )
    assert _field_of(error) == {"verification_status"}


def test_a_new_claim_after_not_met_goes_back_for_review(recommendation, force_leader, inspector):
    _progress(recommendation, force_leader, force_status="reported_complete")
    services.verify_recommendation(
        recommendation=recommendation, by=inspector, verification_status="not_met", comment="No."
    )
    assert recommendation.disagreement()  # complete vs not met

    _progress(recommendation, force_leader, force_status="reported_complete", narrative="Again.")

    recommendation.refresh_from_db()
    assert recommendation.verification_status == "awaiting_review"
    assert Recommendation.objects.awaiting_review().filter(pk=recommendation.pk).exists()


def test_progress_needs_a_narrative_and_a_real_date(recommendation, force_leader, today):
    with pytest.raises(ValidationError) as error:
        _progress(recommendation, force_leader, narrative=" ")
    assert _field_of(error) == {"narrative"}
    with pytest.raises(ValidationError) as error:
        _progress(recommendation, force_leader, effective_on=today + datetime.timedelta(days=1))
    assert _field_of(error) == {"effective_on"}
    with pytest.raises(ValidationError) as error:
        _progress(recommendation, force_leader, effective_on=datetime.date(2020, 1, 1))
    assert _field_of(error) == {"effective_on"}
    assert not recommendation.progress_updates.exists()


def test_bad_links_are_named_and_nothing_is_written(recommendation, force_leader):
    with pytest.raises(ValidationError) as error:
        _progress(recommendation, force_leader, links=["https://ok.example/", "javascript:x"])
    assert _field_of(error) == {"links"}
    assert "javascript:x" in error.value.message_dict["links"][0]
    assert not recommendation.progress_updates.exists()
    recommendation.refresh_from_db()
    assert recommendation.version == 1 and recommendation.force_status == "not_started"


def test_progress_is_not_tracked_on_a_draft(own_draft_recommendation, force_leader):
    with pytest.raises(ValidationError) as error:
        services.record_progress(
            recommendation=own_draft_recommendation,
            author=force_leader,
            force_status="in_progress",
            narrative="x",
            effective_on=datetime.date(2025, 6, 1),
        )
    assert error.value.code == "not_published"


def test_the_second_of_two_edits_from_the_same_version_gets_a_conflict(
    recommendation, force_leader, inspector
):
    version = recommendation.version
    first = Recommendation.objects.get(pk=recommendation.pk)
    second = Recommendation.objects.get(pk=recommendation.pk)
    _progress(first, force_leader, force_status="reported_complete", expected_version=version)

    with pytest.raises(services.VersionConflict) as error:
        services.verify_recommendation(
            recommendation=second,
            by=inspector,
            verification_status="not_met",
            comment="Stale view.",
            expected_version=version,
        )

    assert _field_of(error) == {"version"}
    assert error.value.latest_update.force_status == "reported_complete"
    recommendation.refresh_from_db()
    assert recommendation.force_status == "reported_complete"
    assert recommendation.verification_status == "awaiting_review"  # nothing overwritten
    assert recommendation.progress_updates.count() == 1


def test_progress_updates_are_append_only_and_corrections_are_new_updates(
    recommendation, force_leader
):
    wrong = _progress(recommendation, force_leader, force_status="reported_complete")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressUpdate.objects.filter(pk=wrong.pk).update(narrative="rewritten")

    correction = _progress(
        recommendation,
        force_leader,
        force_status="in_progress",
        narrative="Correction: reported complete by mistake.",
    )

    wrong.refresh_from_db()
    recommendation.refresh_from_db()
    assert wrong.narrative == "Training plan agreed." and wrong.force_status == "reported_complete"
    assert recommendation.force_status == "in_progress"
    assert list(recommendation.progress_updates.order_by("created_at")) == [wrong, correction]


def test_a_due_date_is_revised_only_with_a_reason_and_every_revision_is_kept(
    recommendation, inspector
):
    with pytest.raises(ValidationError) as error:
        services.revise_due_date(
            recommendation=recommendation,
            by=inspector,
            new_due_date=datetime.date(2025, 9, 1),
            reason=" ",
        )
    assert _field_of(error) == {"reason"}
    assert not DueDateRevision.objects.exists()

    for new, reason in [(datetime.date(2025, 9, 1), "Agreed"), (datetime.date(2025, 12, 1), "x")]:
        services.revise_due_date(
            recommendation=recommendation, by=inspector, new_due_date=new, reason=reason
        )

    recommendation.refresh_from_db()
    assert recommendation.due_date == datetime.date(2025, 12, 1)
    revisions = list(recommendation.due_date_revisions.order_by("revised_at"))
    assert [(r.previous_due_date, r.new_due_date) for r in revisions] == [
        (None, datetime.date(2025, 9, 1)),
        (datetime.date(2025, 9, 1), datetime.date(2025, 12, 1)),
    ]
    assert revisions[0].revised_by == inspector


def test_a_force_leader_cannot_move_their_own_due_date(recommendation, force_leader):
    with pytest.raises(PermissionDenied):
        services.revise_due_date(
            recommendation=recommendation,
            by=force_leader,
            new_due_date=datetime.date(2026, 1, 1),
            reason="More time",
        )


def test_the_database_refuses_a_revision_without_a_reason(recommendation):
    with pytest.raises(IntegrityError), transaction.atomic():
        DueDateRevision.objects.create(
            recommendation=recommendation, new_due_date=datetime.date(2025, 9, 1), reason=""
        )


@pytest.mark.parametrize(
    ("acceptance", "force_status", "verification", "flagged"),
    [
        ("accepted", "reported_complete", "not_met", "not met"),
        ("accepted", "in_progress", "met", "in progress"),
        ("accepted", "not_started", "met", "not started"),
        ("not_accepted", "reported_complete", "awaiting_review", "did not accept"),
        ("accepted", "reported_complete", "met", ""),
        ("accepted", "in_progress", "awaiting_review", ""),
        ("unknown", "reported_complete", "awaiting_review", ""),
    ],
)
def test_disagreement_flags(acceptance, force_status, verification, flagged):
    recommendation = Recommendation(
        acceptance=acceptance, force_status=force_status, verification_status=verification
    )
    message = recommendation.disagreement()
    assert (flagged in message) if flagged else message == ""


def test_is_overdue_only_while_open():
    today = datetime.date(2025, 9, 1)
    late = Recommendation(due_date=datetime.date(2025, 8, 31))
    assert late.is_overdue(today)
    late.verification_status = VerificationStatus.MET
    assert not late.is_overdue(today)
    assert not Recommendation(due_date=today).is_overdue(today)


def test_the_force_marks_its_action_plan_submitted_once(action_plan, force_leader, today):
    services.record_duty_submitted(
        duty=action_plan, by=force_leader, submitted_on=today, url="https://example.org/plan"
    )
    action_plan.refresh_from_db()
    assert action_plan.submitted_on == today and action_plan.url == "https://example.org/plan"

    with pytest.raises(ValidationError) as error:
        services.record_duty_submitted(
            duty=action_plan, by=force_leader, submitted_on=today, url="https://example.org/2"
        )
    assert _field_of(error) == {"submitted_on"}
    action_plan.refresh_from_db()
    assert action_plan.url == "https://example.org/plan"


def test_another_forces_leader_cannot_mark_the_action_plan(action_plan, today):
    stranger = UserFactory()
    with pytest.raises(PermissionDenied):
        services.record_duty_submitted(
            duty=action_plan, by=stranger, submitted_on=today, url="https://example.org/plan"
        )


def test_only_inspectors_record_the_commissioners_response(
    gloucestershire, force_leader, inspector, today
):
    duty = FollowUpDuty.objects.get(inspection=gloucestershire, kind="pcc_response")
    with pytest.raises(PermissionDenied):
        services.record_duty_submitted(
            duty=duty, by=force_leader, submitted_on=today, url="https://pcc.example/"
        )
    services.record_duty_submitted(
        duty=duty, by=inspector, submitted_on=today, url="https://pcc.example/"
    )


def test_a_new_monitoring_stage_ends_the_current_one(gloucestershire, inspector, force_leader):
    force = gloucestershire.force
    services.record_monitoring_stage(
        force=force,
        by=inspector,
        stage="scan",
        started_on=datetime.date(2025, 1, 1),
        reason="Routine.",
    )
    services.record_monitoring_stage(
        force=force,
        by=inspector,
        stage="engage",
        started_on=datetime.date(2025, 6, 1),
        reason="Causes of concern in child protection.",
    )
    stages = list(MonitoringStage.objects.filter(force=force).order_by("started_on"))
    assert [(s.stage, s.ended_on) for s in stages] == [
        ("scan", datetime.date(2025, 6, 1)),
        ("engage", None),
    ]
    with pytest.raises(ValidationError) as error:
        services.record_monitoring_stage(
            force=force,
            by=inspector,
            stage="scan",
            started_on=datetime.date(2025, 3, 1),
            reason="Back-dated.",
        )
    assert _field_of(error) == {"started_on"}
    with pytest.raises(PermissionDenied):
        services.record_monitoring_stage(
            force=force,
            by=force_leader,
            stage="scan",
            started_on=datetime.date(2025, 7, 1),
            reason="We would like that.",
        )


def test_a_verdict_queues_the_forces_indicators_after_commit(
    recommendation, inspector, django_capture_on_commit_callbacks
):
    with mock.patch("dashboards.scheduling.enqueue_recompute") as enqueue:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            services.verify_recommendation(
                recommendation=recommendation,
                by=inspector,
                verification_status="met",
                comment="Seen.",
            )
            enqueue.assert_not_called()  # not before the commit
    assert callbacks
    enqueue.assert_called_once_with(recommendation.inspection.force_id)


def test_a_refused_update_queues_nothing(
    recommendation, force_leader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError):
        _progress(recommendation, force_leader, narrative="")
    assert callbacks == []
