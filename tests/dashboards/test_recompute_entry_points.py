"""Every way of writing inspection data queues one recompute per force it changed, after commit;
a rolled-back write and a change no figure reads queue none."""

import datetime
import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms import MultiWidget
from django.urls import reverse

from dashboards import scheduling
from findings.models import OtherFigure
from inspections import services as inspection_services
from inspections.grades_import import import_grades, read_grade_file
from inspections.importer.store import store_inspection_record
from inspections.models import Force, Inspection, Judgment
from inspections.reference_data import load_reference_data
from recommendations import services
from recommendations.models import FollowUpDuty
from tests.factories import grade

pytestmark = pytest.mark.django_db

RECORD = settings.BASE_DIR / "fixtures" / "inspections" / "gloucestershire-2025-ncpi.json"
NCPI = "National child protection inspection"
GRADES = (
    "force,programme,published,area,grade\n"
    f"Kent Police,{NCPI},2025-03-07,leading child protection arrangements,good\n"
    f"Kent Police,{NCPI},2025-03-07,working with safeguarding partners,adequate\n"
    f"Essex Police,{NCPI},2025-04-11,leading child protection arrangements,good\n"
)


@pytest.fixture
def queued(monkeypatch, django_capture_on_commit_callbacks):
    """The force ids queued by the commits of the test's writes, each write's own list."""
    calls = []
    monkeypatch.setattr(scheduling, "enqueue_recompute", calls.append)

    def committed(write, *args, **kwargs):
        calls.clear()
        with django_capture_on_commit_callbacks(execute=True):
            write(*args, **kwargs)
        return sorted(calls)

    return committed


@pytest.fixture
def recommendation(gloucestershire):
    return gloucestershire.recommendations.filter(verification_status="awaiting_review").first()


def _progress(recommendation, leader, **kwargs):
    services.record_progress(
        recommendation=recommendation,
        author=leader,
        narrative="Training booked for every investigator.",
        effective_on=recommendation.inspection.published + datetime.timedelta(days=30),
        **kwargs,
    )


def _verify(recommendation, inspector, status="met"):
    services.verify_recommendation(
        recommendation=recommendation, by=inspector, verification_status=status, comment="Seen."
    )


# Services


def test_a_forces_own_progress_claim_queues_nothing(queued, recommendation, force_leader):
    assert queued(_progress, recommendation, force_leader, force_status="in_progress") == []
    claim = {"force_status": "reported_complete", "acceptance": "accepted"}
    assert queued(_progress, recommendation, force_leader, **claim) == []


def test_a_claim_that_reopens_a_not_met_verdict_queues_once(
    queued, recommendation, force_leader, inspector
):
    force = recommendation.inspection.force_id
    assert queued(_verify, recommendation, inspector, "not_met") == [force]
    assert queued(_progress, recommendation, force_leader, force_status="reported_complete") == [
        force
    ]


def test_a_verdict_and_a_due_date_revision_each_queue_once(queued, recommendation, inspector):
    force = recommendation.inspection.force_id
    assert queued(_verify, recommendation, inspector) == [force]
    revise = services.revise_due_date
    new_due_date = recommendation.inspection.published + datetime.timedelta(days=200)
    assert queued(
        revise, recommendation=recommendation, by=inspector, new_due_date=new_due_date, reason="R"
    ) == [force]


def test_a_refused_verdict_queues_nothing(queued, recommendation, force_leader):
    def refused():
        with pytest.raises(Exception):  # noqa: B017 - whatever the refusal, nothing is queued
            _verify(recommendation, force_leader)

    assert queued(refused) == []


def test_a_verdict_rolled_back_with_its_outer_transaction_queues_nothing(
    queued, recommendation, inspector
):
    def rolled_back():
        with pytest.raises(RuntimeError), transaction.atomic():
            _verify(recommendation, inspector)
            raise RuntimeError("the caller's next step failed")

    assert queued(rolled_back) == []


def test_the_action_plan_queues_and_the_commissioners_response_does_not(
    queued, gloucestershire, inspector
):
    duties = FollowUpDuty.objects.filter(inspection=gloucestershire)
    submitted = {"by": inspector, "submitted_on": datetime.date(2025, 7, 1), "url": "https://x.org"}
    record = services.record_duty_submitted
    assert queued(record, duty=duties.get(kind="pcc_response"), **submitted) == []
    assert queued(record, duty=duties.get(kind="action_plan"), **submitted) == [
        gloucestershire.force_id
    ]


# Importers


def _record(published: str) -> dict:
    """The fixture's report, as if published again on another day."""
    record = json.loads(RECORD.read_text(encoding="utf-8"))
    return {**record, "published": published, "action_plan_due": ""}


def test_a_draft_import_queues_nothing_and_its_publication_queues_once(queued, gloucestershire):
    result = {}

    def draft():
        result["draft"] = inspection_services.import_report(record=_record("2026-01-09"))[0]

    assert queued(draft) == []
    publish = inspection_services.publish_inspection
    assert queued(publish, inspection=result["draft"]) == [gloucestershire.force_id]


def test_a_published_record_with_all_its_rows_queues_once(queued, gloucestershire):
    store = store_inspection_record
    record = _record("2026-01-09")
    assert queued(store, record=record, status="published") == [gloucestershire.force_id]


def test_a_grades_table_queues_once_per_force_and_loading_it_again_queues_nothing(queued):
    rows = read_grade_file(GRADES.encode(), "grades.csv")
    forces = sorted(
        Force.objects.filter(short_name__in=["Kent", "Essex"]).values_list("pk", flat=True)
    )
    assert queued(import_grades, rows, source="grades.csv") == forces
    assert queued(import_grades, rows, source="grades.csv") == []


def test_a_grades_upload_in_the_admin_queues_once_per_force(queued, admin_client):
    def upload():
        response = admin_client.post(
            reverse("admin:inspections_inspection_import_grades"),
            {"table": SimpleUploadedFile("grades.csv", GRADES.encode())},
        )
        assert response.status_code == 302

    forces = sorted(
        Force.objects.filter(short_name__in=["Kent", "Essex"]).values_list("pk", flat=True)
    )
    assert queued(upload) == forces


def test_loading_the_reference_data_again_queues_only_the_force_it_completed(
    queued, gloucestershire
):
    assert queued(load_reference_data) == []  # loaded already: nothing written
    FollowUpDuty.objects.filter(inspection=gloucestershire, kind="action_plan").delete()
    assert queued(load_reference_data) == [gloucestershire.force_id]  # its action plan again


# The admin


def _posted(response) -> dict:
    """The change page's forms as a browser posts them, unchanged."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update(
            {management[name].html_name: management[name].value() for name in management.fields}
        )
        forms += formset.forms
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            html_name = form[name].html_name
            if isinstance(field.widget, MultiWidget):
                for i, part in enumerate(field.widget.decompress(value)):
                    data[f"{html_name}_{i}"] = "" if part is None else part
            elif isinstance(value, list | tuple):
                data[html_name] = [str(v) for v in value]
            elif value is True:
                data[html_name] = "on"
            elif value not in (None, False):
                data[html_name] = value
    return data


def _change(client, obj, **changes):
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])

    def post():
        data = {**_posted(client.get(url)), **changes}
        response = client.post(url, data)
        assert response.status_code == 302, [
            response.context["adminform"].form.errors,
            *[f.formset.non_form_errors() for f in response.context["inline_admin_formsets"]],
            *[e for f in response.context["inline_admin_formsets"] for e in f.formset.errors if e],
        ]

    return post


def test_an_admin_change_queues_once_and_an_unchanged_save_nothing(
    queued, admin_client, gloucestershire
):
    judgment = gloucestershire.judgments.exclude(grade__slug="good").first()
    assert queued(_change(admin_client, judgment)) == []
    assert queued(_change(admin_client, judgment, grade=grade("good").pk)) == [
        gloucestershire.force_id
    ]
    judgment.refresh_from_db()
    assert judgment.grade.slug == "good"


def test_moving_a_row_to_another_forces_inspection_queues_both_forces(
    queued, admin_client, gloucestershire
):
    other = Inspection.objects.published().exclude(force=gloucestershire.force)
    other = other.filter(programme=gloucestershire.programme).first()
    statistic = gloucestershire.statistics.first()
    moved = queued(_change(admin_client, statistic, inspection=other.pk))
    assert moved == sorted([gloucestershire.force_id, other.force_id])


def inline_regrade(client) -> tuple[Inspection, Judgment, dict]:
    """A published inspection, one of its judgments not graded good, and the inline change
    on the inspection's admin page that grades it good (its other inlines post as shown)."""
    inspection = Inspection.objects.published().filter(
        judgments__isnull=False, statistics__isnull=True, programme__slug="ncpi"
    )[0]
    page = client.get(reverse("admin:inspections_inspection_change", args=[inspection.pk]))
    judgments = next(
        f.formset for f in page.context["inline_admin_formsets"] if f.formset.prefix == "judgments"
    )
    index = next(i for i, f in enumerate(judgments.forms) if f.instance.grade.slug != "good")
    return (
        inspection,
        judgments.forms[index].instance,
        {f"judgments-{index}-grade": grade("good").pk},
    )


def test_an_inline_change_on_the_inspection_page_queues_once(queued, admin_client):
    inspection, changed, change = inline_regrade(admin_client)
    assert queued(_change(admin_client, inspection, **change)) == [inspection.force_id]
    changed.refresh_from_db()
    assert changed.grade.slug == "good"


def test_other_figures_changed_in_the_admin_queue_too(queued, admin_client, gloucestershire):
    """No indicator reads them, but the recompute renews the cached pages' version."""
    figure = OtherFigure.objects.filter(inspection=gloucestershire).first()
    assert queued(_change(admin_client, figure, about="Officers")) == [gloucestershire.force_id]


def test_a_force_status_changed_in_the_admin_queues_nothing(queued, admin_client, recommendation):
    claim = _change(admin_client, recommendation, force_status="in_progress", acceptance="accepted")
    assert queued(claim) == []
    due = _change(admin_client, recommendation, due_date="2026-02-02")
    assert queued(due) == [recommendation.inspection.force_id]


def test_an_admin_add_and_delete_each_queue_once(queued, admin_client, gloucestershire):
    finding = gloucestershire.findings.first()

    def add():
        response = admin_client.post(
            reverse("admin:findings_casefilestatistic_add"),
            {
                "inspection": gloucestershire.pk,
                "area": finding.area_id,
                "numerator": 3,
                "denominator": 10,
                "about": "case files with a plan",
                "polarity": "better",
                "position": 99,
            },
        )
        assert response.status_code == 302, response.context["adminform"].form.errors

    def delete():
        url = reverse("admin:findings_finding_delete", args=[finding.pk])
        assert admin_client.post(url, {"post": "yes"}).status_code == 302

    assert queued(add) == [gloucestershire.force_id]
    assert queued(delete) == [gloucestershire.force_id]


def test_a_bulk_delete_queues_once_per_force(queued, admin_client, gloucestershire):
    other = Inspection.objects.published().exclude(force=gloucestershire.force)
    other = other.filter(judgments__isnull=False).first()
    chosen = [*gloucestershire.judgments.all()[:2], other.judgments.first()]

    def delete_selected():
        response = admin_client.post(
            reverse("admin:inspections_judgment_changelist"),
            {
                "action": "delete_selected",
                "post": "yes",
                "_selected_action": [j.pk for j in chosen],
            },
        )
        assert response.status_code == 302

    assert queued(delete_selected) == sorted([gloucestershire.force_id, other.force_id])
    assert not Judgment.objects.filter(pk__in=[j.pk for j in chosen]).exists()


def test_a_measure_or_theme_changed_in_the_admin_queues_every_force_using_it(
    queued, admin_client, gloucestershire
):
    statistic = gloucestershire.statistics.filter(measure__isnull=False).first()
    measure = statistic.measure
    forces = sorted(set(measure.statistics.values_list("inspection__force_id", flat=True)))
    polarity = "better" if measure.polarity != "better" else "worse"
    assert queued(_change(admin_client, measure, polarity=polarity)) == forces

    finding = gloucestershire.findings.filter(themes__isnull=False).first()
    theme = finding.themes.first()
    forces = sorted(set(theme.findings.values_list("inspection__force_id", flat=True)))
    terms = _change(admin_client, theme, match_terms='["unlikely words"]')
    assert queued(terms) == []  # they tag future imports only
    theme.refresh_from_db()
    assert theme.match_terms == ["unlikely words"]
    assert queued(_change(admin_client, theme, name="Neglect of children")) == forces


def test_a_programmes_areas_or_a_scales_grades_changed_in_the_admin_queue_every_force_inspected(
    queued, admin_client, gloucestershire
):
    programme = gloucestershire.programme
    inspected = sorted(set(programme.inspections.values_list("force_id", flat=True)))
    assert len(inspected) > 1
    page = admin_client.get(reverse("admin:inspections_programme_change", args=[programme.pk]))
    areas = next(f.formset for f in page.context["inline_admin_formsets"])
    renamed = {f"{areas.prefix}-0-short_name": "Leaders"}
    assert queued(_change(admin_client, programme, **renamed)) == inspected

    scale = programme.scale
    forces = sorted(set(scale.programmes.values_list("inspections__force_id", flat=True)) - {None})
    page = admin_client.get(reverse("admin:inspections_gradescale_change", args=[scale.pk]))
    grades = next(f.formset for f in page.context["inline_admin_formsets"])
    renamed = {f"{grades.prefix}-0-name": "Excellent"}
    assert queued(_change(admin_client, scale, **renamed)) == forces
