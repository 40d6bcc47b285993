"""`manage.py import_report`: a report becomes one draft, and bad input writes nothing."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from findings.models import CaseFileStatistic
from inspections.models import Inspection
from recommendations.models import Recommendation

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data"
REPORT = (DATA / "gloucestershire-2025-ncpi.txt").read_text(encoding="utf-8")
GOLD = json.loads((DATA / "gloucestershire-2025-ncpi.gold.json").read_text(encoding="utf-8"))


@pytest.fixture
def later_report(tmp_path) -> Path:
    """The same report, as if republished later: not yet in the database."""
    path = tmp_path / "report.txt"
    path.write_text(
        REPORT.replace("Published on: 21 May 2025", "Published on: 3 June 2026"), encoding="utf-8"
    )
    return path


def _run(*args) -> tuple[str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_report", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_creates_one_complete_draft(later_report):
    before = Inspection.objects.count()
    _, err = _run(later_report)
    draft = Inspection.objects.get(slug="gloucestershire-ncpi-2026-06-03")
    assert Inspection.objects.count() == before + 1
    assert draft.status == Inspection.Status.DRAFT
    assert draft.judgments.count() == 5
    assert draft.recommendations.filter(kind="recommendation").count() == 18
    assert draft.statistics.count() == 22
    assert "Created draft inspection gloucestershire-ncpi-2026-06-03" in err


def test_importing_again_updates_the_same_draft(later_report):
    _run(later_report)
    counts = (
        Inspection.objects.count(),
        Recommendation.objects.count(),
        CaseFileStatistic.objects.count(),
    )
    _, err = _run(later_report)
    assert "Updated draft inspection" in err
    assert (
        Inspection.objects.count(),
        Recommendation.objects.count(),
        CaseFileStatistic.objects.count(),
    ) == counts


def test_a_dry_run_writes_nothing(later_report):
    before = Inspection.objects.count()
    out, err = _run(later_report, "--dry-run")
    assert Inspection.objects.count() == before
    assert "3 causes of concern with 18 recommendations" in out
    assert "Dry run: nothing was written." in err


def test_json_output_has_the_gold_files_keys_and_slugs(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    out, _ = _run(path, "--format", "json", "--dry-run")
    record = json.loads(out)
    for key in (
        "force",
        "programme",
        "published",
        "hm_inspector",
        "action_plan_due",
        "judgments",
        "causes_of_concern",
        "areas_for_improvement",
        "case_studies",
        "case_file_statistics",
        "other_figures",
        "warnings",
    ):
        assert key in record
    assert record["judgments"] == GOLD["judgments"]
    assert record["published"] == GOLD["published"]
    assert [len(c["recommendations"]) for c in record["causes_of_concern"]] == [5, 7, 6]


def test_an_already_published_report_is_not_replaced(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    with pytest.raises(CommandError, match="is already published"):
        _run(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (bytes(range(256)) * 40, "holds binary data"),
    ],
)
def test_bad_files_are_refused_with_a_reason(tmp_path, content, message):
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    before = Inspection.objects.count()
    with pytest.raises(CommandError, match=message):
        _run(path)
    assert Inspection.objects.count() == before


def test_a_missing_file_is_named():
    with pytest.raises(CommandError, match="no such file"):
        _run("/nonexistent/report.txt")


def test_an_oversized_file_is_refused_by_size(tmp_path, monkeypatch):
    monkeypatch.setattr("inspections.management.commands.import_report.MAX_REPORT_BYTES", 1000)
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    with pytest.raises(CommandError, match="are refused"):
        _run(path)


def test_an_unknown_force_is_refused_with_near_matches(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(
        REPORT.replace("Gloucestershire Constabulary", "Gloucestershir Constabulary").replace(
            "Published on: 21 May 2025", "Published on: 3 June 2026"
        ),
        encoding="utf-8",
    )
    before = Inspection.objects.count()
    with pytest.raises(CommandError, match="Did you mean Gloucestershire Constabulary"):
        _run(path)
    assert Inspection.objects.count() == before


def test_imported_findings_and_recommendations_carry_themes(later_report):
    _run(later_report)
    draft = Inspection.objects.get(slug="gloucestershire-ncpi-2026-06-03")
    missing = draft.recommendations.filter(text__contains="missing children incidents").get()
    assert "missing_children" in set(missing.themes.values_list("slug", flat=True))
    assert draft.findings.filter(kind="cause_of_concern", themes__slug="missing_children").exists()
