"""Writes for inspections: importing a published report as a draft, and publishing."""

import difflib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from findings.models import Theme
from inspections.importer.errors import ReportError
from inspections.importer.parse import parse_report
from inspections.importer.read import read_report
from inspections.importer.store import find_force, store_inspection_record
from inspections.models import Force, Inspection


@dataclass
class ParsedReport:
    record: dict
    warnings: list[str] = field(default_factory=list)
    force: Force | None = None


def parse_uploaded_report(*, data: bytes, filename: str) -> ParsedReport:
    """Read and parse a report file, and match its force; raises ValidationError on bad input."""
    try:
        record = parse_report(read_report(data, filename), themes=theme_terms())
    except ReportError as error:
        raise ValidationError(str(error), code="bad_report") from None
    parsed = ParsedReport(record=record, warnings=list(record.get("warnings", [])))
    try:
        parsed.force = find_force(record.get("force") or "")
    except ValidationError:
        parsed.warnings.insert(0, unknown_force_message(record.get("force") or ""))
    return parsed


@transaction.atomic
def import_report(*, record: dict) -> tuple[Inspection, bool]:
    """Create the draft inspection of a parsed record, or replace the draft of the same report.

    Returns the draft and whether it already existed. Nothing is written on a ValidationError.
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
    from inspections.importer.store import find_programme, inspection_slug
    from inspections.partial_dates import parse_partial_date

    try:
        force, programme = find_force(record["force"]), find_programme(record["programme"])
        published, precision = parse_partial_date(record["published"])
    except (KeyError, TypeError, ValidationError):
        return False  # store_inspection_record will name the problem
    slug = inspection_slug(
        force=force, programme=programme, published=published, precision=precision
    )
    return Inspection.objects.filter(slug=slug).exists()
