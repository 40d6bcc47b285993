"""Writes for inspections: importing a published report as a draft, and publishing."""

import datetime
import difflib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from changes.models import ChangeEvent
from changes.services import record_change, record_publication
from dashboards.scheduling import queue_recompute
from findings.models import Theme
from inspections.importer.errors import ReportError
from inspections.importer.parse import parse_report
from inspections.importer.read import read_report
from inspections.importer.store import find_force, record_slug, store_inspection_record
from inspections.models import Force, Grade, Inspection, Judgment
from inspections.validators import strip_hidden_characters

# The police and crime commissioner must publish a response within 56 days.
PCC_RESPONSE_WITHIN = datetime.timedelta(days=56)


@dataclass
class ParsedReport:
    record: dict
    warnings: list[str] = field(default_factory=list)
    force: Force | None = None


def parse_uploaded_report(*, data: bytes, filename: str) -> ParsedReport:
    """Read and parse a report file, and match its force; raises ValidationError on bad input.

    Hidden control and text-direction characters are removed from the report's text, with a
    warning: they are never part of what a report says.
    """
    try:
        text, removed = strip_hidden_characters(read_report(data, filename))
        record = parse_report(text, themes=theme_terms())
    except ReportError as error:
        raise ValidationError(str(error), code="bad_report") from None
    parsed = ParsedReport(record=record, warnings=list(record.get("warnings", [])))
    if removed:
        parsed.warnings.append(
            f"{removed} hidden control or text-direction character(s) were removed from "
            "the report's text."
        )
    as_written = record.get("force") or ""
    try:
        parsed.force = find_force(as_written)
    except ValidationError:
        parsed.warnings.insert(0, unknown_force_message(as_written))
    else:  # the JSON and the preview name the force the title resolves to
        record["force"], record["force_as_written"] = parsed.force.name, as_written
    record["warnings"] = parsed.warnings
    return parsed


@transaction.atomic
def import_report(*, record: dict) -> tuple[Inspection, bool]:
    """Create the draft inspection of a parsed record, or replace the draft of the same report.

    Returns the draft and whether it already existed. Nothing is written on a ValidationError.
    No recompute is queued: a draft feeds no figure until it is published.
    """
    existed = _draft_exists(record)
    inspection = store_inspection_record(record=record, status=Inspection.Status.DRAFT)
    return inspection, existed


def theme_terms() -> dict[str, list[str]]:
    """The admins' match terms of each theme, for tagging imported findings."""
    return {slug: terms for slug, terms in Theme.objects.values_list("slug", "match_terms")}


def unknown_force_message(name: str) -> str:
    """Say that a force name is unknown, suggesting the nearest of the 43."""
    if not name:
        return "The report does not name a force: choose it by hand."
    names = [n for force in Force.objects.all() for n in force.names()]
    near = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    hint = f" Did you mean {' or '.join(near)}?" if near else ""
    return f"“{name}” is not one of the 43 forces or their known names.{hint}"


def _draft_exists(record: dict) -> bool:
    try:
        return Inspection.objects.filter(slug=record_slug(record)).exists()
    except ValidationError:
        return False  # store_inspection_record will name the problem


@transaction.atomic
def publish_inspection(*, inspection: Inspection, at=None) -> Inspection:
    """Publish now, or schedule publication at an embargo time (run by Celery beat); an
    inspection without its published date is refused.

    Publishing sets the follow-up duties (set_follow_up_duties): the force's action plan (due
    eight weeks after publication unless the report says otherwise) and the commissioner's
    response (56 days).
    """
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.status == Inspection.Status.PUBLISHED:
        raise ValidationError("This inspection is already published.", code="published")
    if inspection.published is None:
        raise ValidationError(
            {
                "published": "Enter the published date before publishing: the report gave none "
                "(edit the inspection, then publish it)."
            },
            code="no_published_date",
        )
    now, before = timezone.now(), _state(inspection)
    if at is not None and at > now:
        inspection.status, inspection.embargo_at = Inspection.Status.SCHEDULED, at
        inspection.full_clean()
        inspection.save()
        record_change(
            kind=ChangeEvent.Kind.EMBARGO_SET,
            inspection=inspection,
            before=before,
            after=_state(inspection),
        )
        return inspection
    if inspection.action_plan_due is None:
        inspection.action_plan_due = Inspection.default_action_plan_due(inspection.published)
    inspection.status = Inspection.Status.PUBLISHED
    inspection.full_clean()
    inspection.save()
    set_follow_up_duties(inspection=inspection)
    record_publication(inspection=inspection, before=before)
    queue_recompute(inspection.force_id)
    return inspection


def _state(inspection: Inspection) -> dict:
    embargo_at = inspection.embargo_at.isoformat() if inspection.embargo_at else None
    return {"status": inspection.status, "embargo_at": embargo_at}


def set_follow_up_duties(*, inspection: Inspection) -> list:
    """Add the duties that follow a published inspection, if it does not have them yet.

    The force's action plan is due on the inspection's action-plan date (eight weeks after
    publication unless the report says otherwise), the commissioner's response 56 days after
    publication. Publishing, the reference data and the grade import all call this, so every
    published inspection has the same duties however it was loaded. An inspection published on
    a day no source gives (only its month or year) gets none: its due dates are not known.
    Duties already recorded, and any submission recorded against them, are kept.
    """
    from recommendations.models import FollowUpDuty

    if (
        inspection.status != Inspection.Status.PUBLISHED
        or inspection.published is None
        or inspection.published_precision != Inspection.Precision.DAY
    ):
        return []
    action_plan_due = inspection.action_plan_due or Inspection.default_action_plan_due(
        inspection.published
    )
    duties = []
    for kind, due in (
        (FollowUpDuty.Kind.ACTION_PLAN, action_plan_due),
        (FollowUpDuty.Kind.PCC_RESPONSE, inspection.published + PCC_RESPONSE_WITHIN),
    ):
        duty, created = FollowUpDuty.objects.get_or_create(
            inspection=inspection, kind=kind, defaults={"due_date": due}
        )
        if created and kind == FollowUpDuty.Kind.ACTION_PLAN:  # the action plan's status
            queue_recompute(inspection.force_id)
        duties.append(duty)
    return duties


def publish_due_inspections() -> list[Inspection]:
    """Publish every scheduled inspection whose embargo time has passed."""
    due = Inspection.objects.filter(
        status=Inspection.Status.SCHEDULED, embargo_at__lte=timezone.now()
    )
    return [publish_inspection(inspection=inspection) for inspection in due]


def record_grade_change(*, judgment: Judgment, previous_grade_id: int | None) -> None:
    """Log a grade entered by hand: recorded if the area had none, corrected if it changed."""
    if previous_grade_id == judgment.grade_id:
        return
    area = {"area": judgment.area.name}
    before = (
        {**area, "grade": Grade.objects.get(pk=previous_grade_id).name} if previous_grade_id else {}
    )
    record_change(
        kind=ChangeEvent.Kind.GRADE_CORRECTED if before else ChangeEvent.Kind.GRADE_RECORDED,
        inspection=judgment.inspection,
        area_id=judgment.area_id,
        before=before,
        after={**area, "grade": judgment.grade.name},
    )


def record_addition(*, obj) -> None:
    """Log a cause of concern or a recommendation added by hand to an inspection; the other
    kinds of finding are not followed."""
    if obj._meta.label_lower == "findings.finding":
        if obj.kind == obj.Kind.CAUSE_OF_CONCERN:
            record_change(
                kind=ChangeEvent.Kind.CAUSE_OF_CONCERN_ADDED,
                inspection=obj.inspection,
                area_id=obj.area_id,
                after={"title": obj.title},
            )
    elif obj.kind == obj.Kind.RECOMMENDATION:
        record_change(
            kind=ChangeEvent.Kind.RECOMMENDATION_ADDED,
            inspection=obj.inspection,
            recommendation=obj,
            area_id=obj.finding.area_id,
            after={"text": obj.text, "due_date": obj.due_date and obj.due_date.isoformat()},
        )
