"""Grade profiles: how many areas of a report got each grade, as sources give them, without
saying which areas.

A reports table (fixtures/peel_reports.csv) has one row per published report: force,
programme, published (to the day, month or year a source gives; empty when no source dates
it), report_url, hm_inspector, areas_graded, one column per grade of the programme's scale
(its slug; empty when no source gives that count) and source_url. Loading it twice changes
nothing; a report that contradicts what is stored is refused, naming its force.
"""

import csv
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from dashboards.scheduling import queue_recompute
from inspections.grade_checks import check_grade_profile
from inspections.grades_import import LoadReport, is_web_address
from inspections.importer.store import find_force, find_programme, inspection_slug
from inspections.models import GradeCount, Inspection
from inspections.partial_dates import parse_partial_date
from inspections.synthetic import require_real_database

REQUIRED = ("force", "programme", "areas_graded")
LINKS = ("report_url", "source_url")


@transaction.atomic
def load_reports(path: Path) -> LoadReport:
    """Add each report of a reports table as a published inspection with its grade counts."""
    require_real_database(adding="published reports")
    report = LoadReport()
    errors = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            row = {k: (v or "").strip() for k, v in row.items() if k}
            try:
                _load_row(row, report)
            except ValidationError as error:
                name = row.get("force") or "a report with no force"
                errors += [f"{path.name}, row {number} ({name}): {m}" for m in error.messages]
    if errors:
        raise ValidationError(errors)
    return report


def _load_row(row: dict, report: LoadReport) -> None:
    missing = [c for c in REQUIRED if not row.get(c)]
    if missing:
        raise ValidationError(f"the {', '.join(missing)} is missing.")
    force, programme = find_force(row["force"]), find_programme(row["programme"])
    areas_graded = _whole_number(row["areas_graded"], "areas_graded")
    grades = {g.slug: g for g in programme.scale.grades.all()}
    counts = {grades[slug]: _whole_number(row[slug], slug) for slug in grades if row.get(slug, "")}
    bad_links = [c for c in LINKS if row.get(c) and not is_web_address(row[c])]
    if bad_links:
        raise ValidationError(f"the {', '.join(bad_links)} is not a web address.")
    if sum(counts.values()) > areas_graded:
        raise ValidationError(
            f"its grade counts add up to {sum(counts.values())}, more than the {areas_graded} "
            "areas graded."
        )
    inspection = _inspection(force, programme, row, areas_graded, report)
    for grade, count in counts.items():
        stored, created = GradeCount.objects.get_or_create(
            inspection=inspection, grade=grade, defaults={"count": count}
        )
        report.created["grade counts"] += created
        if created:
            queue_recompute(force.pk)
        if stored.count != count:
            raise ValidationError(
                f"the {grade.name.lower()} count is {count}, but {stored.count} is stored."
            )
    # No follow-up duties are set from a report's counts: the sources say nothing of its
    # action plan, and eight weeks after publication is the child protection programme's rule.
    check_grade_profile(inspection=inspection)


def _inspection(force, programme, row, areas_graded, report) -> Inspection:
    """The report's published inspection, found by its date (or by 'date not known')."""
    if row.get("published"):
        published, precision = parse_partial_date(row["published"])
        slug = inspection_slug(
            force=force, programme=programme, published=published, precision=precision
        )
    else:  # no source dates it: the date is left empty, never guessed
        published, precision = None, Inspection.Precision.NOT_KNOWN
        slug = f"{force.slug}-{programme.slug}-date-not-known"
    inspection = Inspection.objects.filter(slug=slug).first()
    if inspection is None:
        inspection = Inspection(
            slug=slug,
            force=force,
            programme=programme,
            status=Inspection.Status.PUBLISHED,
            published=published,
            published_precision=precision,
            # No action-plan date: the list of reports says nothing of one (nor sets duties).
        )
        report.created["published inspections"] += 1
    elif inspection.areas_graded not in (None, areas_graded):
        raise ValidationError(
            f"it graded {areas_graded} areas, but {inspection.areas_graded} is stored."
        )
    changed = inspection.pk is None or inspection.areas_graded is None
    inspection.areas_graded = areas_graded
    # Fill what is blank; what was recorded before (by hand or by an import) is kept.
    for field in ("report_url", "hm_inspector", "source_url"):
        if not getattr(inspection, field) and row.get(field):
            setattr(inspection, field, row[field])
            changed = True
    if changed:  # loading again writes nothing, and adds nothing to the history
        inspection.full_clean()
        inspection.save()
        queue_recompute(force.pk)
    return inspection


def _whole_number(text: str, column: str) -> int:
    if not text.isdigit():
        raise ValidationError(f"the {column} “{text[:20]}” is not a whole number from 0.")
    return int(text)
