"""PEEL reports with how many areas got each grade: loaded from fixtures/peel_reports.csv, never
attributed to areas, never given a guessed date, and checked against grades named by area."""

import csv
import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from inspections.grade_profiles import load_reports
from inspections.grades_import import import_grades, read_grade_file
from inspections.models import Grade, GradeCount, Inspection, Programme
from inspections.reference_data import load_reference_data
from tests.factories import InspectionFactory

pytestmark = pytest.mark.django_db

REPORTS = settings.BASE_DIR / "fixtures" / "peel_reports.csv"
HEADER = (
    "force,programme,published,report_url,hm_inspector,areas_graded,outstanding,good,adequate,"
    "requires_improvement,inadequate,source_url,note\n"
)


def _peel_reports():
    return Inspection.objects.filter(programme__slug="peel-2023-25")


def _source_rows() -> list[dict]:
    with REPORTS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_report_in_the_fixture_is_a_published_inspection_with_its_areas_graded():
    rows = _source_rows()
    assert len(rows) == 41
    reports = _peel_reports().filter(areas_graded__isnull=False)
    assert reports.count() == len(rows)
    for row in rows:
        inspection = reports.get(force__name=row["force"])
        assert inspection.status == Inspection.Status.PUBLISHED
        assert inspection.areas_graded == int(row["areas_graded"])
        given = {g: int(row[g]) for g in ("outstanding", "good", "adequate") if row[g]}
        stored = dict(inspection.grade_counts.values_list("grade__slug", "count"))
        assert {g: stored[g] for g in given} == given, row["force"]


def test_thirty_reports_have_every_grade_counted_and_the_counts_fill_their_areas():
    complete = [
        i for i in _peel_reports().filter(areas_graded__isnull=False) if i.grade_counts.count() == 5
    ]
    assert len(complete) == 30
    assert all(sum(c.count for c in i.grade_counts.all()) == i.areas_graded for i in complete)


def test_a_report_no_source_dates_says_date_not_known_and_keeps_no_date(client):
    undated = [r["force"] for r in _source_rows() if not r["published"]]
    stored = _peel_reports().filter(published_precision=Inspection.Precision.NOT_KNOWN)
    assert sorted(stored.values_list("force__name", flat=True)) == sorted(undated)
    assert not stored.filter(published__isnull=False).exists()
    durham = stored.get(force__slug="durham")
    assert durham.published_label() == "date not known"
    assert "date not known" in client.get(durham.get_absolute_url()).text


def test_a_source_that_gives_only_the_month_keeps_the_month():
    avon = _peel_reports().get(force__slug="avon-and-somerset")
    assert (avon.published, avon.published_precision) == (datetime.date(2025, 2, 1), "month")
    assert avon.published_label() == "February 2025"


def test_grades_named_by_area_agree_with_the_counts_and_are_kept_beside_them():
    sussex = _peel_reports().get(force__slug="sussex")
    assert sussex.judgments.count() == 9
    assert dict(sussex.grade_counts.values_list("grade__slug", "count"))["adequate"] == 7
    wiltshire = _peel_reports().get(force__slug="wiltshire")  # undated, named area by area
    assert wiltshire.judgments.count() == 9


def test_loading_again_writes_nothing():
    before = (
        Inspection.objects.count(),
        GradeCount.objects.count(),
        Inspection.history.count(),
        list(Inspection.objects.values_list("updated_at", flat=True).order_by("pk")),
    )
    report = load_reference_data()
    after = (
        Inspection.objects.count(),
        GradeCount.objects.count(),
        Inspection.history.count(),
        list(Inspection.objects.values_list("updated_at", flat=True).order_by("pk")),
    )
    assert after == before
    assert not report.created["grade counts"] and not report.created["published inspections"]


def test_counts_that_contradict_the_grades_named_by_area_are_refused(tmp_path):
    reports = tmp_path / "reports.csv"
    reports.write_text(HEADER + "Kent Police,PEEL 2023–25,2026-01,,,8,0,0,8,0,0,,\n")
    load_reports(reports)
    grades = (
        "force,programme,published,area,grade\n"
        "Kent Police,PEEL 2023–25,2026-01,preventing crime,good\n"
    )
    before = Inspection.objects.get(slug="kent-peel-2023-25-2026-01").judgments.count()

    with pytest.raises(ValidationError) as refused:
        import_grades(read_grade_file(grades.encode(), "grades.csv"), source="grades.csv")

    assert "Kent Police's PEEL 2023–25 report" in str(refused.value)
    assert "name 1 area(s) graded good, but its grade counts give 0" in str(refused.value)
    assert Inspection.objects.get(slug="kent-peel-2023-25-2026-01").judgments.count() == before


def test_a_report_whose_counts_disagree_with_what_is_stored_is_refused_naming_its_force(
    tmp_path,
):
    reports = tmp_path / "reports.csv"
    # Sussex's named grades include one good; this row says none was.
    reports.write_text(HEADER + "Sussex Police,PEEL 2023–25,2025-07-24,,,9,0,0,9,0,0,,\n")

    with pytest.raises(ValidationError) as refused:
        load_reports(reports)

    assert "row 2 (Sussex Police)" in str(refused.value)
    assert dict(
        _peel_reports().get(force__slug="sussex").grade_counts.values_list("grade__slug", "count")
    ) == {"outstanding": 0, "good": 1, "adequate": 7, "requires_improvement": 1, "inadequate": 0}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Kent Police,PEEL 2023–25,2026-02,,,8,0,5,5,0,0,,", "add up to 10, more than the 8"),
        ("Kent Police,PEEL 2023–25,2026-02,,,8,0,-1,5,0,0,,", "“-1” is not a whole number"),
        ("Kent Police,PEEL 2023–25,2026-02,,,,0,1,5,0,0,,", "the areas_graded is missing"),
        ("Narnia Police,PEEL 2023–25,2026-02,,,8,0,1,5,0,0,,", "Narnia"),
        ("Kent Police,PEEL 2023–25,Feb 2026,,,8,0,1,5,0,0,,", "is not a date"),
    ],
)
def test_a_bad_report_row_is_refused_and_nothing_is_written(tmp_path, row, message):
    reports = tmp_path / "reports.csv"
    reports.write_text(HEADER + row + "\n")
    before = Inspection.objects.count()

    with pytest.raises(ValidationError) as refused:
        load_reports(reports)

    assert message in str(refused.value)
    assert Inspection.objects.count() == before


def _count(inspection, slug, n):
    grade = Grade.objects.get(scale=inspection.programme.scale, slug=slug)
    return GradeCount.objects.create(inspection=inspection, grade=grade, count=n)


def test_the_database_refuses_counts_beyond_the_areas_graded():
    peel = Programme.objects.get(slug="peel-2023-25")
    inspection = InspectionFactory(programme=peel, areas_graded=3)
    _count(inspection, "good", 2)
    with pytest.raises(IntegrityError, match="within_areas_graded"), transaction.atomic():
        _count(inspection, "adequate", 2)
    with pytest.raises(IntegrityError, match="areas_graded_cover_counts"), transaction.atomic():
        Inspection.objects.filter(pk=inspection.pk).update(areas_graded=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        GradeCount.objects.filter(inspection=inspection).update(count=-1)


def test_a_date_not_known_is_stored_empty():
    with (
        pytest.raises(IntegrityError, match="unknown_date_is_empty|published_matches_precision"),
        transaction.atomic(),
    ):
        InspectionFactory(
            published=datetime.date(2025, 1, 1),
            published_precision=Inspection.Precision.NOT_KNOWN,
        )
    undated = InspectionFactory(
        status=Inspection.Status.PUBLISHED,
        published=None,
        published_precision=Inspection.Precision.NOT_KNOWN,
    )
    assert undated.published_label() == "date not known"
