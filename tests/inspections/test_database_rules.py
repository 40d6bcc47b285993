"""The database itself refuses rows that break a rule, whichever way they are written.

Every write here bypasses full_clean (create, save, bulk_create, QuerySet.update). A CHECK
constraint names itself in the error on PostgreSQL ('violates check constraint "<name>"') and on
SQLite ('CHECK constraint failed: <name>'); our triggers write '<name>: <message>' on both.
"""

import datetime
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from findings.models import CaseFileStatistic, Finding, OtherFigure
from inspections.models import (
    Force,
    Grade,
    GradeScale,
    Inspection,
    Judgment,
    MonitoringStage,
    Programme,
)
from recommendations.models import DueDateRevision, ProgressUpdate, Recommendation
from tests.factories import (
    CaseFileStatisticFactory,
    FindingFactory,
    ForceFactory,
    InspectionFactory,
    JudgmentFactory,
    ProgressUpdateFactory,
    RecommendationFactory,
    area,
    grade,
    ncpi,
    peel,
)

pytestmark = pytest.mark.django_db


@contextmanager
def refused(rule: str):
    """Expect the database to refuse the write inside, naming `rule`; the test carries on."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        yield
    assert rule in str(caught.value)


def named(*, sqlite: str, postgresql: str) -> str:
    """How each backend names a constraint Django declared without a name."""
    return {"sqlite": sqlite, "postgresql": postgresql}[connection.vendor]


def unique_slug(table: str) -> str:
    return named(sqlite=f"{table}.slug", postgresql=f"{table}_slug_key")


@pytest.fixture
def inspection() -> Inspection:
    """A published NCPI inspection with nothing recorded against it yet."""
    return InspectionFactory()


def a_peel_area():
    return area("investigating_crime", peel())


# Judgments


def test_an_inspection_can_have_only_one_judgment_per_area(inspection):
    JudgmentFactory(inspection=inspection, area=area("leadership"))

    one_per_area = named(
        sqlite="inspections_judgment.inspection_id, inspections_judgment.area_id",
        postgresql="inspections_judgment_one_per_area",
    )
    with refused(one_per_area):
        Judgment.objects.create(
            inspection=inspection, area=area("leadership"), grade=grade("inadequate")
        )

    assert Judgment.objects.filter(inspection=inspection, area=area("leadership")).count() == 1
    JudgmentFactory(inspection=inspection, area=area("partnership"))


def test_a_judgment_grade_must_be_on_the_programmes_scale(inspection):
    pass_or_fail = GradeScale.objects.create(name="Pass or fail", slug="pass-or-fail")
    passed = Grade.objects.create(scale=pass_or_fail, slug="pass", name="Pass", score=1)

    with refused("inspections_judgment_grade_on_scale"):
        Judgment.objects.create(inspection=inspection, area=area("leadership"), grade=passed)

    judgment = Judgment.objects.create(
        inspection=inspection, area=area("leadership"), grade=grade("good")
    )
    with refused("inspections_judgment_grade_on_scale"):
        Judgment.objects.filter(pk=judgment.pk).update(grade=passed)


def test_a_judgment_area_must_belong_to_the_inspections_programme(inspection):
    with refused("inspections_judgment_area_in_programme"):
        Judgment.objects.bulk_create(
            [Judgment(inspection=inspection, area=a_peel_area(), grade=grade("good"))]
        )

    judgment = JudgmentFactory(inspection=inspection, area=area("investigation"))
    judgment.area = a_peel_area()
    with refused("inspections_judgment_area_in_programme"):
        judgment.save()


# Findings and figures


def test_a_finding_area_must_belong_to_the_inspections_programme(inspection):
    with refused("findings_finding_area_in_programme"):
        FindingFactory(inspection=inspection, area=a_peel_area())

    FindingFactory(inspection=inspection, area=area("investigation"))


def test_a_case_file_statistic_area_must_belong_to_the_inspections_programme(inspection):
    with refused("findings_casefilestatistic_area_in_programme"):
        CaseFileStatisticFactory(inspection=inspection, area=a_peel_area())

    CaseFileStatisticFactory(inspection=inspection, area=area("investigation"))


def test_an_other_figure_area_must_belong_to_the_inspections_programme(inspection):
    with refused("findings_otherfigure_area_in_programme"):
        OtherFigure.objects.create(
            inspection=inspection,
            area=a_peel_area(),
            kind="count",
            about="Referrals",
            value=Decimal("12"),
        )

    OtherFigure.objects.create(
        inspection=inspection,
        area=area("investigation"),
        kind="count",
        about="Referrals",
        value=Decimal("12"),
    )


def test_a_statistic_numerator_cannot_exceed_its_denominator(inspection):
    with refused("findings_casefilestatistic_numerator_lte_denominator"):
        CaseFileStatisticFactory(inspection=inspection, numerator=49, denominator=48)

    statistic = CaseFileStatisticFactory(inspection=inspection, numerator=48, denominator=48)
    with refused("findings_casefilestatistic_numerator_lte_denominator"):
        CaseFileStatistic.objects.filter(pk=statistic.pk).update(numerator=49)


def test_a_statistic_must_count_at_least_one_case_file(inspection):
    with refused("findings_casefilestatistic_denominator_positive"):
        CaseFileStatisticFactory(inspection=inspection, numerator=0, denominator=0)

    CaseFileStatisticFactory(inspection=inspection, numerator=0, denominator=1)


def test_a_statistic_numerator_cannot_be_negative(inspection):
    # PositiveIntegerField's own CHECK, which each backend names its own way.
    positive = named(sqlite="numerator", postgresql="findings_casefilestatistic_numerator_check")
    with refused(positive):
        CaseFileStatisticFactory(inspection=inspection, numerator=-1, denominator=48)

    CaseFileStatisticFactory(inspection=inspection, numerator=0, denominator=48)


def test_a_case_study_needs_an_outcome(inspection):
    with refused("findings_finding_outcome_only_for_case_studies"):
        FindingFactory(inspection=inspection, kind=Finding.Kind.CASE_STUDY, outcome="")

    FindingFactory(inspection=inspection, kind=Finding.Kind.CASE_STUDY, outcome="poor")


def test_a_main_finding_has_no_outcome(inspection):
    with refused("findings_finding_outcome_only_for_case_studies"):
        FindingFactory(inspection=inspection, kind=Finding.Kind.MAIN_FINDING, outcome="good")

    FindingFactory(inspection=inspection, kind=Finding.Kind.MAIN_FINDING, outcome="")


def other_figure(inspection, kind, **numbers) -> OtherFigure:
    return OtherFigure.objects.create(
        inspection=inspection,
        area=area("investigation"),
        kind=kind,
        about="Detectives in the child abuse team",
        **numbers,
    )


def test_an_fte_figure_cannot_be_negative_or_carry_a_value(inspection):
    with refused("findings_otherfigure_fields_match_kind"):
        other_figure(inspection, "fte", establishment=Decimal("24"), deployable=Decimal("-1"))
    with refused("findings_otherfigure_fields_match_kind"):
        other_figure(
            inspection,
            "fte",
            establishment=Decimal("24"),
            deployable=Decimal("19.5"),
            value=Decimal("5"),
        )

    other_figure(inspection, "fte", establishment=Decimal("24"), deployable=Decimal("19.5"))


def test_an_fte_figure_needs_its_deployable_number(inspection):
    with refused("findings_otherfigure_fields_match_kind"):
        other_figure(inspection, "fte", establishment=Decimal("24"), deployable=None)


def test_a_count_needs_its_value(inspection):
    with refused("findings_otherfigure_fields_match_kind"):
        other_figure(inspection, "count", value=None)


# Inspections


def test_a_published_inspection_needs_a_published_date(inspection):
    with refused("inspections_inspection_published_has_date"):
        InspectionFactory(status=Inspection.Status.PUBLISHED, published=None)
    with refused("inspections_inspection_published_has_date"):
        Inspection.objects.filter(pk=inspection.pk).update(published=None, action_plan_due=None)

    InspectionFactory(status=Inspection.Status.DRAFT, published=None)


def test_a_scheduled_inspection_needs_an_embargo_time():
    with refused("inspections_inspection_scheduled_has_embargo"):
        InspectionFactory(status=Inspection.Status.SCHEDULED, published=None, embargo_at=None)

    InspectionFactory(
        status=Inspection.Status.SCHEDULED,
        published=None,
        embargo_at=datetime.datetime(2025, 5, 21, 0, 1, tzinfo=datetime.UTC),
    )


def test_a_date_known_to_the_month_is_stored_as_its_first_day(inspection):
    month = Inspection.Precision.MONTH
    with refused("inspections_inspection_published_matches_precision"):
        InspectionFactory(published=datetime.date(2025, 5, 21), published_precision=month)
    with refused("inspections_inspection_published_matches_precision"):
        Inspection.objects.filter(pk=inspection.pk).update(published_precision=month)

    InspectionFactory(published=datetime.date(2025, 5, 1), published_precision=month)


def test_fieldwork_cannot_end_before_it_starts():
    with refused("inspections_inspection_fieldwork_in_order"):
        InspectionFactory(
            fieldwork_start=datetime.date(2025, 2, 10), fieldwork_end=datetime.date(2025, 2, 7)
        )

    InspectionFactory(
        fieldwork_start=datetime.date(2025, 2, 10), fieldwork_end=datetime.date(2025, 2, 10)
    )


def test_the_action_plan_cannot_be_due_before_publication():
    published = datetime.date(2025, 5, 21)
    with refused("inspections_inspection_action_plan_after_publication"):
        InspectionFactory(published=published, action_plan_due=datetime.date(2025, 5, 20))

    InspectionFactory(published=published, action_plan_due=published)


# Slugs


def test_two_forces_cannot_share_a_slug():
    ForceFactory(slug="testshire")
    with refused(unique_slug("inspections_force")):
        ForceFactory(slug="testshire")

    assert Force.objects.filter(slug="testshire").count() == 1


def test_two_programmes_cannot_share_a_slug():
    with refused(unique_slug("inspections_programme")):
        Programme.objects.create(
            name="Another programme",
            short_name="Another",
            slug="ncpi",
            methodology_version="2025",
            scale=ncpi().scale,
        )

    Programme.objects.create(
        name="Another programme",
        short_name="Another",
        slug="another",
        methodology_version="2025",
        scale=ncpi().scale,
    )


def test_two_inspections_cannot_share_a_slug(gloucestershire):
    with refused(unique_slug("inspections_inspection")):
        InspectionFactory(slug=gloucestershire.slug)

    assert Inspection.objects.filter(slug=gloucestershire.slug).count() == 1


# Recommendations


def test_a_recommendation_cannot_hang_from_a_main_finding(inspection):
    main_finding = FindingFactory(inspection=inspection, kind=Finding.Kind.MAIN_FINDING)
    with refused("recommendations_recommendation_parent_finding"):
        RecommendationFactory(finding=main_finding)

    cause_of_concern = FindingFactory(inspection=inspection, kind=Finding.Kind.CAUSE_OF_CONCERN)
    RecommendationFactory(finding=cause_of_concern)


def test_a_recommendation_cannot_hang_from_another_inspections_cause_of_concern(inspection):
    elsewhere = FindingFactory(kind=Finding.Kind.CAUSE_OF_CONCERN)
    with refused("recommendations_recommendation_parent_finding"):
        RecommendationFactory(inspection=inspection, finding=elsewhere)

    RecommendationFactory(inspection=elsewhere.inspection, finding=elsewhere)


def test_an_area_for_improvement_is_tracked_from_its_own_finding(inspection):
    finding = FindingFactory(inspection=inspection, kind=Finding.Kind.AREA_FOR_IMPROVEMENT)

    RecommendationFactory(finding=finding, kind=Recommendation.Kind.AREA_FOR_IMPROVEMENT)


def test_progress_updates_are_append_only():
    update = ProgressUpdateFactory(narrative="Training plan agreed.")

    update.narrative = "Training plan agreed and delivered."
    with refused("recommendations_progressupdate_append_only"):
        update.save()
    with refused("recommendations_progressupdate_append_only"):
        ProgressUpdate.objects.filter(pk=update.pk).update(force_status="reported_complete")

    ProgressUpdateFactory(recommendation=update.recommendation, narrative="Training delivered.")
    update.refresh_from_db()
    assert update.narrative == "Training plan agreed."
    assert update.recommendation.progress_updates.count() == 2


def test_a_due_date_revision_needs_a_reason():
    recommendation = RecommendationFactory(due_date=datetime.date(2025, 9, 1))

    def revise(reason):
        return DueDateRevision.objects.create(
            recommendation=recommendation,
            previous_due_date=recommendation.due_date,
            new_due_date=datetime.date(2025, 12, 1),
            reason=reason,
        )

    with refused("recommendations_duedaterevision_has_reason"):
        revise("")
    revise("The new case management system goes live in November.")


# Monitoring


def test_a_monitoring_stage_cannot_end_before_it_starts(gloucestershire):
    def stage(ended_on):
        return MonitoringStage.objects.create(
            force=gloucestershire.force,
            stage=MonitoringStage.Stage.ENGAGE,
            started_on=datetime.date(2025, 6, 1),
            ended_on=ended_on,
            reason="Three causes of concern in the child protection inspection.",
        )

    with refused("inspections_monitoringstage_ends_after_start"):
        stage(ended_on=datetime.date(2025, 5, 31))
    stage(ended_on=datetime.date(2025, 6, 1))
