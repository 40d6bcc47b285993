"""Write a structured inspection record (the importer's JSON shape) to the database."""

import datetime
import itertools
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model

from changes.services import record_publication
from dashboards.scheduling import queue_recompute
from findings.models import CaseFileStatistic, Finding, Measure, OtherFigure, Theme
from inspections.importer.text import fold
from inspections.importer.themes import tag_themes
from inspections.models import AssessmentArea, Force, Grade, Inspection, Judgment, Programme
from inspections.partial_dates import format_partial_date, parse_partial_date
from inspections.synthetic import require_real_database
from recommendations.models import Recommendation


@transaction.atomic
def store_inspection_record(*, record: dict, status: str = Inspection.Status.DRAFT) -> Inspection:
    """Create an inspection with everything in the record; a draft of the same slug is replaced.

    Raises ValidationError naming the record item at fault, and writes nothing then; a
    demonstration database refuses it (inspections/synthetic.py). A published record queues
    its force's recompute; a draft feeds no figure.
    """
    require_real_database(adding="a report's inspection")
    force, programme, published, precision = _identity(record)
    if published is None and status != Inspection.Status.DRAFT:
        raise ValidationError("published: the record must give the published date.")
    slug = inspection_slug(
        force=force, programme=programme, published=published, precision=precision
    )
    existing = Inspection.objects.filter(slug=slug).first()
    if existing is not None and existing.status != Inspection.Status.DRAFT:
        raise ValidationError(
            f"{force.name}'s {programme.name} of {format_partial_date(published, precision)} "
            "is already published: it cannot be replaced by an import."
        )
    if existing is not None:
        existing.delete()

    inspection = _save(
        Inspection(
            slug=slug,
            force=force,
            programme=programme,
            status=status,
            published=published,
            published_precision=precision,
            hm_inspector=record.get("hm_inspector", ""),
            summary=record.get("summary", ""),
            hm_inspector_summary=record.get("hm_inspector_summary", ""),
            report_url=record.get("report_url", ""),
            source_url=record.get("source_url", ""),
            action_plan_due=_date(record.get("action_plan_due"), "action_plan_due")
            or (Inspection.default_action_plan_due(published) if published else None),
        ),
        "inspection",
    )

    areas = {area.slug: area for area in programme.areas.all()}
    grades = {grade.slug: grade for grade in programme.scale.grades.all()}
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    measures = {measure.slug: measure for measure in Measure.objects.all()}
    sentences = record.get("judgment_sentences", {})
    for area_slug, grade_slug in record.get("judgments", {}).items():
        where = f"judgments.{area_slug}"
        _save(
            Judgment(
                inspection=inspection,
                area=_pick(areas, area_slug, where, "area"),
                grade=_pick(grades, grade_slug, where, "grade"),
                summary=sentences.get(area_slug, ""),
            ),
            where,
        )

    position = itertools.count(1)
    for key, kind in (
        ("causes_of_concern", Finding.Kind.CAUSE_OF_CONCERN),
        ("areas_for_improvement", Finding.Kind.AREA_FOR_IMPROVEMENT),
        ("main_findings", Finding.Kind.MAIN_FINDING),
        ("case_studies", Finding.Kind.CASE_STUDY),
        ("promising_practice", Finding.Kind.PROMISING_PRACTICE),
    ):
        for index, item in enumerate(record.get(key, [])):
            where = f"{key}[{index}]"
            finding = _save(
                Finding(
                    inspection=inspection,
                    area=_pick(areas, item.get("area"), where, "area"),
                    kind=kind,
                    title=item.get("title", ""),
                    body=item.get("body", ""),
                    outcome=item.get("outcome", ""),
                    lead_in=item.get("lead_in", ""),
                    position=next(position),
                ),
                where,
            )
            finding.themes.set([_pick(themes, t, where, "theme") for t in item.get("themes", [])])
            _store_tracked_items(inspection, finding, item, where, position)

    for index, item in enumerate(record.get("case_file_statistics", [])):
        where = f"case_file_statistics[{index}]"
        _save(
            CaseFileStatistic(
                inspection=inspection,
                area=_pick(areas, item.get("area"), where, "area"),
                measure=_pick(measures, item["measure"], where, "measure")
                if item.get("measure")
                else None,
                numerator=item.get("numerator"),
                denominator=item.get("denominator"),
                about=item.get("about", ""),
                polarity=item.get("polarity", ""),
                sentence=item.get("sentence", ""),
                position=next(position),
            ),
            where,
        )

    for index, item in enumerate(record.get("other_figures", [])):
        where = f"other_figures[{index}]"
        _save(
            OtherFigure(
                inspection=inspection,
                area=_pick(areas, item.get("area"), where, "area"),
                kind=item.get("kind", ""),
                about=item.get("about", ""),
                establishment=_decimal(item.get("establishment")),
                deployable=_decimal(item.get("deployable")),
                value=_decimal(item.get("value")),
                sentence=item.get("sentence", ""),
                position=next(position),
            ),
            where,
        )
    if inspection.status == Inspection.Status.PUBLISHED:
        record_publication(inspection=inspection)
        queue_recompute(force.pk)
    return inspection


def record_slug(record: dict) -> str:
    """The slug of the inspection a record describes; ValidationError if it names no known one."""
    force, programme, published, precision = _identity(record)
    return inspection_slug(
        force=force, programme=programme, published=published, precision=precision
    )


def _identity(record: dict):
    """Force, programme and published date; a draft may have no date yet (None)."""
    programme = find_programme(_required(record, "programme"))
    force = find_force(_required(record, "force"))
    if not (record.get("published") or "").strip():
        return force, programme, None, Inspection.Precision.DAY
    published, precision = parse_partial_date(_required(record, "published"))
    return force, programme, published, precision


def find_force(name: str) -> Force:
    """Match a force by its name, short name or an alias, as reports and sources vary them.

    Case, '&' for 'and', a leading 'the' and a closing 'Police', 'Constabulary' or 'Police
    Service' are ignored: "Avon & Somerset" is Avon and Somerset Constabulary.
    """
    wanted = force_name_key(name)
    if wanted:
        for force in Force.objects.all():
            if wanted in (force_name_key(n) for n in force.names()):
                return force
    raise ValidationError(f"force: “{name}” is not one of the 43 forces or their known names.")


def force_name_key(name: str) -> str:
    """A force's name reduced to what tells it apart: 'avon and somerset' for every wording."""
    words = re.sub(r"\s*&\s*", " and ", fold(name)).casefold().replace("'", "").split()
    if words[:1] == ["the"]:
        words = words[1:]
    while words and words[-1] in ("police", "constabulary", "service", "force"):
        words = words[:-1]
    return " ".join(words)


def find_programme(name: str) -> Programme:
    """Match a programme by its name, short name or slug, ignoring case."""
    wanted = name.strip().casefold()
    for programme in Programme.objects.all():
        if wanted in (programme.name.casefold(), programme.short_name.casefold(), programme.slug):
            return programme
    raise ValidationError(f"programme: “{name}” is not a known inspection programme.")


def find_area(programme: Programme, wording: str) -> AssessmentArea:
    """Match one of the programme's areas by any of its wordings, ignoring case."""
    wanted = wording.strip().casefold()
    for area in programme.areas.all():
        if wanted in (n.casefold() for n in area.names()) or wanted == area.slug:
            return area
    raise ValidationError(f"area: “{wording}” is not an area of the {programme.name} programme.")


def find_grade(programme: Programme, wording: str) -> Grade:
    """Match a grade of the programme's scale by name or slug, ignoring case."""
    wanted = wording.strip().casefold()
    for grade in programme.scale.grades.all():
        if wanted in (grade.name.casefold(), grade.slug):
            return grade
    raise ValidationError(f"grade: “{wording}” is not on the {programme.name} grade scale.")


def inspection_slug(
    *, force: Force, programme: Programme, published: datetime.date | None, precision: str
) -> str:
    """e.g. 'gloucestershire-ncpi-2025-05-21'; a draft with no date yet ends in 'undated'."""
    when = format_partial_date(published, precision) if published else "undated"
    return f"{force.slug}-{programme.slug}-{when}"


def _store_tracked_items(inspection, finding, item, where, position) -> None:
    """Recommendations of a cause of concern; an area for improvement is tracked itself.

    Each carries its finding's themes and those its own words match.
    """
    terms = dict(Theme.objects.values_list("slug", "match_terms"))
    themes = {t.slug: t for t in finding.themes.all()}
    if finding.kind == Finding.Kind.AREA_FOR_IMPROVEMENT:
        texts = [(where, finding.title, Recommendation.Kind.AREA_FOR_IMPROVEMENT, "")]
    else:
        texts = [
            (
                f"{where}.recommendations[{i}]",
                text,
                Recommendation.Kind.RECOMMENDATION,
                item.get("timescale", ""),
            )
            for i, text in enumerate(item.get("recommendations", []))
        ]
    for place, text, kind, timescale in texts:
        recommendation = _save(
            Recommendation(
                inspection=inspection,
                finding=finding,
                kind=kind,
                text=text,
                timescale=timescale,
                position=next(position),
            ),
            place,
        )
        own = set(tag_themes(text, terms))
        recommendation.themes.set(
            [*themes.values(), *Theme.objects.filter(slug__in=own - set(themes))]
        )


def _save(obj: Model, where: str) -> Model:
    """Validate like a form would, naming the record item, then save."""
    try:
        obj.full_clean()
    except ValidationError as error:
        raise ValidationError([f"{where}: {message}" for message in _messages(error)]) from None
    obj.save()
    return obj


def _messages(error: ValidationError) -> Iterable[str]:
    if not hasattr(error, "error_dict"):
        return error.messages
    return [
        message if field == "__all__" else f"{field}: {message}"
        for field, messages in error.message_dict.items()
        for message in messages
    ]


def _pick(options: dict, key, where: str, what: str):
    if key not in options:
        raise ValidationError(
            f"{where}: “{key}” is not a known {what} here "
            f"(expected one of {', '.join(sorted(options))})."
        )
    return options[key]


def _required(record: dict, key: str) -> str:
    value = record.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{key}: the record must give the {key.replace('_', ' ')}.")
    return value


def _date(value, where: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationError(f"{where}: “{value}” is not a date (YYYY-MM-DD).") from None


def _decimal(value) -> Decimal | None:
    """Keep a figure as written: 35.27, not the nearest binary float."""
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return value  # left for full_clean() to name
