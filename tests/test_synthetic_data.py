"""Real and synthetic inspections never share a database, and a demonstration database says so
in every answer: pages, chart and tracker downloads (CSV, Excel) and the API."""

import csv
import io
import json
import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from inspections.grades_import import import_grades, read_grade_file
from inspections.models import Force, Inspection, Judgment, Programme
from inspections.reference_data import load_reference_data
from inspections.services import import_report
from inspections.synthetic import HEADER
from tests import test_access_matrix as matrix
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOTICE = "every inspection on this site was generated for demonstrations and benchmarks"
REPORT = settings.BASE_DIR / "tests" / "data" / "gloucestershire-2025-ncpi.txt"
RECORD = settings.BASE_DIR / "fixtures" / "inspections" / "gloucestershire-2025-ncpi.json"
GRADES = (
    "force,programme,published,area,grade\n"
    "Kent Police,National child protection inspection,2025-03-04,leadership,good\n"
)


def test_the_generator_refuses_a_database_holding_real_inspections():
    real = Inspection.objects.count()
    assert real > 0

    with pytest.raises(CommandError) as refused:
        call_command("generate_demo_data", seed=1, scale="small", stdout=StringIO())

    assert f"holds {real} real inspection(s)" in str(refused.value)
    assert "load_reference_data --reference-only" in str(refused.value)
    assert not Inspection.objects.filter(is_synthetic=True).exists()


def test_a_demonstration_database_is_made_from_the_reference_data_alone(tasks_inline):
    Inspection.objects.all().delete()

    report = load_reference_data(reference_only=True)
    call_command("generate_demo_data", seed=1, scale="small", stdout=StringIO())

    assert not report.created["inspection records"]
    assert Force.objects.count() == 43 and Programme.objects.count() == 2
    assert Inspection.objects.filter(is_synthetic=True).count() == 2 * 43
    assert not Inspection.objects.filter(is_synthetic=False).exists()


def _load_fixtures():
    load_reference_data()


def _load_fixtures_command():
    call_command("load_reference_data", stdout=StringIO())


def _import_report_service():
    import_report(record=json.loads(RECORD.read_text(encoding="utf-8")))


def _import_report_command():
    call_command("import_report", str(REPORT), stdout=StringIO(), stderr=StringIO())


def _import_grades():
    import_grades(read_grade_file(GRADES.encode(), "grades.csv"), source="grades.csv")


@pytest.mark.parametrize(
    "entry",
    [
        _load_fixtures,
        _load_fixtures_command,
        _import_report_service,
        _import_report_command,
        _import_grades,
    ],
)
def test_every_way_of_adding_real_inspections_refuses_a_demonstration_database(
    demo_database, entry
):
    before = (Inspection.objects.count(), Judgment.objects.count())

    with pytest.raises((ValidationError, CommandError)) as refused:
        entry()

    assert "This is a demonstration database" in str(refused.value)
    assert (Inspection.objects.count(), Judgment.objects.count()) == before
    assert not Inspection.objects.filter(is_synthetic=False).exists()


def test_the_reference_data_alone_loads_into_a_demonstration_database(demo_database):
    load_reference_data(reference_only=True)

    assert not Inspection.objects.filter(is_synthetic=False).exists()


def test_the_admin_refuses_real_inspections_in_a_demonstration_database(demo_database, client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    kent, ncpi = Force.objects.get(slug="kent"), Programme.objects.get(slug="ncpi")
    before = Inspection.objects.count()

    added = client.post(
        "/admin/inspections/inspection/add/",
        {
            "force": kent.pk,
            "programme": ncpi.pk,
            "slug": "kent-ncpi-2025-03-04",
            "status": "draft",
            "published_precision": "day",
            **_empty_inlines(),
        },
    )
    grades = client.post(
        "/admin/inspections/inspection/import-grades/",
        {"table": SimpleUploadedFile("grades.csv", GRADES.encode(), "text/csv")},
    )

    assert added.status_code == 200 and "This is a demonstration database" in added.text
    assert grades.status_code == 200 and "This is a demonstration database" in grades.text
    assert Inspection.objects.count() == before


def test_the_admin_never_lets_an_inspection_be_marked_synthetic(admin_user, client):
    client.force_login(admin_user)
    page = client.get("/admin/inspections/inspection/add/").text
    assert 'name="is_synthetic"' not in page


def _empty_inlines() -> dict:
    prefixes = [
        "judgments",
        "findings",
        "recommendations",
        "statistics",
        "other_figures",
        "follow_up_duties",
    ]
    return {
        f"{p}-{k}": v
        for p in prefixes
        for k, v in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"), ("MAX_NUM_FORMS", "1000"))
    }


# --- Every answer of a demonstration database ---------------------------------------------

# Not data (the API's documentation, the health check): marked by the header alone.
NOT_DATA = {"api:schema", "api:docs", "healthz"}


def _demo_scope() -> matrix.Scope:
    """The access matrix's objects (a published inspection with a recommendation, evidence and
    an action plan), made synthetic like everything else here."""
    force_a, force_b = Force.objects.get(slug="kent"), Force.objects.get(slug="essex")
    objects = matrix._objects(force_a, published=matrix.datetime.date(2024, 5, 1), marker="")
    Inspection.objects.filter(pk=objects[0].pk).update(is_synthetic=True)
    return matrix.Scope(force_a, force_b, *objects)


@pytest.mark.parametrize("role", ["anonymous", "admin"])
def test_every_answer_of_a_demonstration_database_says_it_is_synthetic(demo_database, client, role):
    scope = _demo_scope()
    matrix._sign_in(client, role, scope)
    index = matrix.ROLES.index(role)
    checked, downloads = [], []
    for name, probe in matrix.GETS.items():
        expected = probe.states().get("any") or probe.states()["published"]
        if expected[index] != 200:
            continue
        url = matrix._url(name, probe, scope)
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_marked(response, url, documentation=name in NOT_DATA)
        checked.append(name)
        if response["Content-Type"].startswith("text/html"):
            downloads += [
                f"{url.split('?')[0]}?{query}"
                for query in re.findall(
                    r'href="[^"]*\?((?:[^"]*&amp;)?download=[\w-]+)"', response.text
                )
            ]
    for url in downloads:
        response = client.get(url.replace("&amp;", "&"))
        assert response.status_code == 200, url
        _assert_marked(response, url)
    assert "dashboards:overview" in checked and "api:inspection-list" in checked
    assert len(downloads) >= 4, downloads
    if role == "admin":
        assert {"recommendations:export_csv", "recommendations:export_xlsx"} <= set(checked)


def _assert_marked(response, url: str, *, documentation: bool = False) -> None:
    assert response[HEADER] == "true", url
    kind = response["Content-Type"]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if documentation or kind.startswith("text/plain"):
        return
    if kind.startswith("text/html"):
        assert NOTICE in body.decode(), url
    elif kind.startswith("text/csv"):
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        assert rows[0][0] == "synthetic", url
        assert all(row[0] == "true" for row in rows[1:]), url
        assert 'filename="synthetic-' in response["Content-Disposition"], url
    elif "spreadsheetml" in kind:
        sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][0] == "synthetic", url
        assert all(row[0] == "true" for row in rows[1:]), url
    elif kind.startswith("application/json"):
        assert json.loads(body)["synthetic"] is True, url
    elif kind.startswith("application/atom+xml"):  # the title a feed reader shows, each entry's
        titles = re.findall(rb"<title>([^<]*)</title>", body)
        assert len(titles) > 1 and all(t.startswith(b"Synthetic data: ") for t in titles), url
    else:
        raise AssertionError(f"{url}: no check for {kind}")


def test_a_real_database_carries_no_synthetic_marker(client):
    page = client.get("/dashboards/")
    download = client.get("/dashboards/?download=grades")
    api = client.get("/api/inspections/")

    assert HEADER not in page and HEADER not in download and HEADER not in api
    assert NOTICE not in page.text
    assert not download.content.decode().startswith("synthetic")
    assert "synthetic" not in api.json()


def test_whether_the_database_is_a_demonstration_one_is_asked_once_then_kept(
    demo_database, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    assert client.get("/robots.txt")[HEADER] == "true"
    with django_assert_num_queries(0):
        assert client.get("/robots.txt")[HEADER] == "true"

    with django_capture_on_commit_callbacks(execute=True):
        call_command("generate_demo_data", delete=True, stdout=StringIO())

    assert HEADER not in client.get("/robots.txt")
