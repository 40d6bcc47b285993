"""The forces, programmes and published grades in fixtures/ load faithfully and safely."""

import csv
import datetime
import shutil

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command

from inspections.importer.store import find_area
from inspections.models import Force, Inspection, Judgment, Programme
from inspections.reference_data import load_reference_data

pytestmark = pytest.mark.django_db

FIXTURES = settings.BASE_DIR / "fixtures"


def _inspection(force_short_name: str, programme_slug: str) -> Inspection:
    return Inspection.objects.get(
        force__short_name=force_short_name, programme__slug=programme_slug
    )


def test_all_43_forces_load_with_region_and_country():
    with (FIXTURES / "forces.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert Force.objects.count() == len(rows) == 43
    for row in rows:
        force = Force.objects.get(name=row["name"])
        assert (force.short_name, force.region, force.country) == (
            row["short_name"],
            row["region"],
            row["country"],
        )
    assert Force.objects.filter(country="Wales").count() == 4


def test_both_programmes_have_their_areas_and_the_five_point_scale():
    ncpi = Programme.objects.get(slug="ncpi")
    peel = Programme.objects.get(slug="peel-2023-25")
    assert ncpi.areas.count() == 5
    assert peel.areas.count() == 9
    assert list(ncpi.scale.grades.values_list("slug", flat=True)) == [
        "outstanding",
        "good",
        "adequate",
        "requires_improvement",
        "inadequate",
    ]
    assert peel.scale == ncpi.scale


def test_every_dated_source_row_becomes_a_judgment_of_a_published_inspection():
    for name in ("ncpi_grades.csv", "peel_grades.csv"):
        with (FIXTURES / name).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                judgments = Judgment.objects.filter(
                    inspection__force__name=row["force"],
                    inspection__programme__name=row["programme"],
                )
                if not row["published"]:
                    # Kept on the report stored with its date not known (peel_reports.csv),
                    # or left out where no such report is known.
                    undated = judgments.filter(inspection__published_precision="not_known")
                    if not undated.exists():
                        assert not judgments.exists(), f"{row['force']} is undated: left out"
                        continue
                    judgments = undated
                programme = Programme.objects.get(name=row["programme"])
                judgment = judgments.get(area=find_area(programme, row["area"]))
                assert judgment.grade.name.lower() == row["grade"]
                assert judgment.inspection.status == Inspection.Status.PUBLISHED


def test_areas_no_source_gives_are_not_known_not_guessed():
    northamptonshire = _inspection("Northamptonshire", "ncpi")
    assert northamptonshire.judgments.count() == 3
    cleveland = _inspection("Cleveland", "ncpi")
    assert sorted(cleveland.judgments.values_list("area__slug", flat=True)) == [
        "initial_response",
        "investigation",
    ]


def test_dates_keep_the_precision_the_source_gives():
    cleveland = _inspection("Cleveland", "ncpi")
    assert (cleveland.published, cleveland.published_precision) == (
        datetime.date(2025, 1, 1),
        "month",
    )
    assert cleveland.published_label() == "January 2025"
    merseyside = _inspection("Merseyside", "peel-2023-25")
    assert merseyside.published_label() == "October 2023"
    sussex = _inspection("Sussex", "peel-2023-25")
    assert (sussex.published_precision, sussex.published_label()) == ("day", "24 July 2025")


def test_reports_no_source_dates_are_left_out_unless_known_to_be_published():
    assert not Inspection.objects.filter(
        force__short_name__in=["Staffordshire", "South Wales"], programme__slug="ncpi"
    ).exists()
    # Wiltshire's PEEL report is known (peel_reports.csv), its date is not: none is guessed.
    wiltshire = Inspection.objects.get(force__short_name="Wiltshire")
    assert (wiltshire.published, wiltshire.published_precision) == (None, "not_known")


def test_grades_keep_their_source_links():
    manchester = _inspection("Greater Manchester", "ncpi")
    sources = set(manchester.judgments.values_list("source_url", flat=True))
    assert len(sources) == 2, "two different articles gave Greater Manchester's grades"
    assert manchester.report_url.startswith("https://hmicfrs.justiceinspectorates.gov.uk/")


def test_the_csv_grades_agree_with_the_full_gloucestershire_record(gloucestershire):
    assert gloucestershire.judgments.count() == 5
    assert (
        Inspection.objects.filter(force=gloucestershire.force, programme__slug="ncpi").count() == 1
    )


def test_loading_again_changes_nothing():
    counts = (Inspection.objects.count(), Judgment.objects.count(), Force.objects.count())
    report = load_reference_data()
    assert sum(report.created.values()) == 0
    assert (Inspection.objects.count(), Judgment.objects.count(), Force.objects.count()) == counts


def test_a_grade_contradicting_the_loaded_data_is_refused_and_nothing_is_written(tmp_path):
    directory = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, directory)
    rows = (directory / "peel_grades.csv").read_text(encoding="utf-8").splitlines()
    # A new force's report first, so a partial write would be visible.
    rows.insert(
        1, "Kent Police,PEEL 2023–25,2025-02-03,preventing crime,good,,https://example.org/kent"
    )
    rows.append(
        "Gloucestershire Constabulary,National child protection inspection,2025-05-21,"
        "working with safeguarding partners,good,,https://example.org/wrong"
    )
    (directory / "peel_grades.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")

    with pytest.raises(
        ValidationError, match="the source says Good, but the inspection already has Adequate"
    ):
        load_reference_data(directory)
    assert not Inspection.objects.filter(slug="kent-peel-2023-25-2025-02-03").exists()


def test_the_command_reports_what_it_loaded_and_left_out(capsys):
    call_command("load_reference_data")
    out = capsys.readouterr().out
    assert "Loaded nothing new." in out
    assert "left out South Wales Police's National child protection inspection report" in out


def test_the_command_names_a_wrong_directory(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="has no programmes.json"):
        call_command("load_reference_data", directory=str(tmp_path))
