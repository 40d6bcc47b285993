"""Load the reference data in fixtures/: forces, programmes, themes, full inspection records and
published grades from public sources. Loading twice changes nothing."""

import csv
import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from findings.models import Finding, Measure, Theme
from inspections.grade_profiles import load_reports
from inspections.grades_import import LoadReport, import_grades, read_grade_file
from inspections.importer.store import record_slug, store_inspection_record
from inspections.importer.themes import DEFAULT_THEME_TERMS
from inspections.models import (
    AssessmentArea,
    Force,
    Grade,
    GradeScale,
    Inspection,
    Programme,
)
from inspections.services import set_follow_up_duties
from inspections.synthetic import require_real_database

FIXTURES = settings.BASE_DIR / "fixtures"
GRADE_SOURCES = ("ncpi_grades.csv", "peel_grades.csv")
# Published reports with how many areas got each grade, not always which (grade_profiles.py).
REPORTS = "peel_reports.csv"


@transaction.atomic
def load_reference_data(directory: Path = FIXTURES, *, reference_only: bool = False) -> LoadReport:
    """Load everything in the fixtures directory in one transaction.

    With reference_only, only the forces, programmes (their areas, grade scales and measures)
    and themes: what a demonstration database holds before synthetic data is generated. The
    real inspections and grades are refused by a demonstration database, before anything is
    written.
    """
    if not reference_only:
        require_real_database(adding="the real inspections and grades in fixtures/")
    report = LoadReport()
    programmes = json.loads((directory / "programmes.json").read_text(encoding="utf-8"))
    _load_programmes(programmes, report)
    _load_forces(directory / "forces.csv", programmes.get("force_aliases", {}), report)
    if reference_only:
        return report
    for path in sorted((directory / "inspections").glob("*.json")):
        _load_record(path, report)
    # Reports first: grades named area by area are then checked against their counts.
    if (directory / REPORTS).is_file():
        loaded = load_reports(directory / REPORTS)
        report.created.update(loaded.created)
    for name in GRADE_SOURCES:
        _load_published_grades(directory / name, report)
    return report


def _load_programmes(data: dict, report: LoadReport) -> None:
    for scale_data in data["grade_scales"]:
        scale, _ = GradeScale.objects.update_or_create(
            slug=scale_data["slug"], defaults={"name": scale_data["name"]}
        )
        for grade in scale_data["grades"]:
            Grade.objects.update_or_create(
                scale=scale,
                slug=grade["slug"],
                defaults={"name": grade["name"], "score": grade["score"]},
            )
    for item in data["programmes"]:
        programme, created = Programme.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "short_name": item["short_name"],
                "methodology_version": item["methodology_version"],
                "description": item.get("description", ""),
                "scale": GradeScale.objects.get(slug=item["scale"]),
            },
        )
        report.created["programmes"] += created
        for position, area in enumerate(item["areas"], start=1):
            AssessmentArea.objects.update_or_create(
                programme=programme,
                slug=area["slug"],
                defaults={
                    "name": area["name"],
                    "short_name": area["short_name"],
                    "aliases": area.get("aliases", []),
                    "position": position,
                },
            )
    for item in data.get("measures", []):
        _, created = Measure.objects.update_or_create(
            slug=item["slug"], defaults={"name": item["name"], "polarity": item["polarity"]}
        )
        report.created["measures"] += created
    for item in data["themes"]:
        # Match terms are the admins' to edit: they are set only for a new theme.
        terms = DEFAULT_THEME_TERMS.get(item["slug"], [])
        _, created = Theme.objects.get_or_create(
            slug=item["slug"], defaults={"name": item["name"], "match_terms": terms}
        )
        report.created["themes"] += created


def _load_forces(path: Path, aliases: dict, report: LoadReport) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            _, created = Force.objects.update_or_create(
                name=row["name"],
                defaults={
                    "short_name": row["short_name"],
                    "slug": slugify(row["short_name"]),
                    "region": row["region"],
                    "country": row["country"],
                    "aliases": aliases.get(row["name"], []),
                },
            )
            report.created["forces"] += created


def _load_record(path: Path, report: LoadReport) -> None:
    record = json.loads(path.read_text(encoding="utf-8"))
    inspection = Inspection.objects.filter(slug=record_slug(record)).first()
    if inspection is not None:  # loaded before; progress recorded since must not be wiped
        _add_lead_ins(inspection, record)
    else:
        try:
            inspection = store_inspection_record(
                record=record, status=record.get("status", "draft")
            )
        except ValidationError as error:
            raise ValidationError([f"{path.name}: {m}" for m in error.messages]) from None
        report.created["inspection records"] += 1
    # Only the duties it lacks are added: the same ones "Publish now" sets.
    set_follow_up_duties(inspection=inspection)


def _add_lead_ins(inspection: Inspection, record: dict) -> None:
    """Give causes of concern loaded before lead-ins were kept the lead-in the record has."""
    for item in record.get("causes_of_concern", []):
        if item.get("lead_in"):
            inspection.findings.filter(
                kind=Finding.Kind.CAUSE_OF_CONCERN, title=item["title"], lead_in=""
            ).update(lead_in=item["lead_in"])


def _load_published_grades(path: Path, report: LoadReport) -> None:
    """Add each dated report in a grades file as a published inspection; areas the sources
    don't give stay without a judgment ('not known'), and undated reports are left out."""
    rows = read_grade_file(path.read_bytes(), path.name)
    loaded = import_grades(rows, source=path.name, skip_undated=True)
    report.created.update(loaded.created)
    report.notes.extend(loaded.notes)
