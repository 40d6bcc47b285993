"""PEEL 2023–25 reports import into the PEEL programme, as text, as a web page and as a PDF.

The report used is a constructed sample (tests/data/peel-2023-25-constructed-sample.txt): written
in the published structure, with invented content; it is not a published report.
"""

import copy
import html
import io
import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Table

from inspections.importer.parse import parse_report
from inspections.importer.read import read_report
from inspections.models import Inspection
from inspections.services import import_report, parse_uploaded_report
from recommendations.models import Recommendation
from tests.inspections.test_import_admin import _preview_data

SAMPLE = (
    Path(__file__).resolve().parents[1] / "data" / "peel-2023-25-constructed-sample.txt"
).read_text(encoding="utf-8")
PROGRAMMES = Path(__file__).resolve().parents[2] / "fixtures" / "programmes.json"
GRADES = {
    "recording_data_about_crime": "good",
    "police_powers_and_public_treatment": "adequate",
    "preventing_crime": "outstanding",
    "responding_to_the_public": "requires_improvement",
    "investigating_crime": "adequate",
    "protecting_vulnerable_people": "good",
    "managing_offenders": "inadequate",
    "developing_a_positive_workplace": "adequate",
    "leadership_and_force_management": "requires_improvement",
}
AREAS_FOR_IMPROVEMENT = [
    # The service to victims of crime is not graded: its finding is filed under an area.
    ("investigating_crime", "The force should make sure it records whether victims support"),
    ("recording_data_about_crime", "The force should make sure it records crimes of stalking"),
    ("police_powers_and_public_treatment", "The force should improve how it records the reasons"),
    ("police_powers_and_public_treatment", "The force should make sure supervisors review body"),
    ("police_powers_and_public_treatment", "The force should give its officers and staff training"),
    ("responding_to_the_public", "The force should make sure it attends incidents within"),
    ("investigating_crime", "The force should make sure its investigations are supervised"),
    ("investigating_crime", "The force should make sure it keeps victims updated"),
    ("protecting_vulnerable_people", "The force should make sure it uses Clare’s Law"),
    ("managing_offenders", "The force should make sure it pursues wanted suspects promptly"),
    ("managing_offenders", "The force should make sure officers use bail conditions"),
    ("developing_a_positive_workplace", "The force should make sure it understands the well-being"),
    ("leadership_and_force_management", "The force should make sure it understands the demand"),
]
RECOMMENDATIONS = {
    "The force isn’t answering emergency and non-emergency calls quickly enough": 3,
    "The force doesn’t manage the risk posed by registered sex offenders well enough": 2,
}


def _as_html(text: str) -> str:
    """The sample as a web page: headings, paragraphs, lists, and the grades as a table whose
    cells hold one paragraph per area."""
    body, items, rows = [], [], []
    for line in [*text.splitlines(), ""]:
        line = line.strip("\n")
        if items and not line.startswith("• "):
            body.append("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>")
            items = []
        if rows and "\t" not in line:
            head = "".join(f"<th>{html.escape(c)}</th>" for c in rows[0])
            trs = "".join(
                "<tr>"
                + "".join(
                    "<td>" + "".join(f"<p>{html.escape(a)}</p>" for a in c.split("; ")) + "</td>"
                    for c in row
                )
                + "</tr>"
                for row in rows[1:]
            )
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{trs}</tbody></table>")
            rows = []
        if "\t" in line:
            rows.append(line.split("\t"))
        elif line.startswith("• "):
            items.append(line[2:])
        elif line.strip():
            tag = "p" if re.search(r"[.:;?!]$", line) else "h2"
            body.append(f"<{tag}>{html.escape(line)}</{tag}>")
    return (
        "<!doctype html><html><head><title>PEEL</title></head><body>"
        "<nav><a href='/'>Home</a></nav><main>" + "\n".join(body) + "</main></body></html>"
    )


def _as_pdf(text: str, *, lists: bool = True, furniture: bool = False) -> bytes:
    """The sample as a PDF: headings, paragraphs, the grades as a table, and lists set as real
    lists (the bullet drawn apart from the text) or with the bullets typed inline; with a
    running header and page numbers if asked."""
    styles = getSampleStyleSheet()
    story, items, rows = [], [], []
    for line in [*text.splitlines(), ""]:
        if items and not line.startswith("• "):
            story.append(ListFlowable(items, bulletType="bullet", start="•"))
            items = []
        if rows and "\t" not in line:
            small = styles["BodyText"].clone("cell", fontSize=8, leading=10)
            cells = [
                [Paragraph(html.escape(c).replace("; ", "<br/>"), small) for c in r] for r in rows
            ]
            grid = [("GRID", (0, 0), (-1, -1), 0.5, "grey"), ("VALIGN", (0, 0), (-1, -1), "TOP")]
            story.append(Table(cells, colWidths=[90] * len(rows[0]), style=grid, repeatRows=1))
            rows = []
        if "\t" in line:
            rows.append(line.split("\t"))
        elif line.startswith("• ") and lists:
            items.append(ListItem(Paragraph(html.escape(line[2:]), styles["BodyText"])))
        elif line.startswith("• "):
            story.append(Paragraph(html.escape(line), styles["BodyText"]))
        elif line.strip():
            style = "BodyText" if re.search(r"[.:;?!]$", line) else "Heading2"
            story.append(Paragraph(html.escape(line), styles[style]))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(
        story,
        onFirstPage=_furniture if furniture else _none,
        onLaterPages=_furniture if furniture else _none,
    )
    return out.getvalue()


def _furniture(canvas, document) -> None:
    canvas.setFont("Helvetica", 8)
    canvas.drawString(72, A4[1] - 40, "PEEL 2023–25: Northumbria Police")
    canvas.drawRightString(A4[0] - 72, 30, f"Page {document.page}")


def _none(canvas, document) -> None:
    pass


def _layouts():
    return [
        pytest.param(SAMPLE.encode(), "northumbria.txt", id="text"),
        pytest.param(_as_html(SAMPLE).encode(), "northumbria.html", id="html"),
        pytest.param(_as_pdf(SAMPLE), "northumbria.pdf", id="pdf"),
        pytest.param(_as_pdf(SAMPLE, lists=False), "northumbria.pdf", id="pdf-inline-bullets"),
        pytest.param(
            _as_pdf(SAMPLE, furniture=True), "northumbria.pdf", id="pdf-header-page-numbers"
        ),
    ]


@pytest.mark.parametrize(("data", "filename"), _layouts())
def test_a_peel_report_reads_with_its_nine_grades_and_every_area_for_improvement(data, filename):
    record = parse_report(read_report(data, filename))
    assert (record["programme"], record["force"]) == ("PEEL 2023–25", "Northumbria Police")
    assert (record["published"], record["hm_inspector"]) == ("2024-11-14", "Jane Example")
    assert record["judgments"] == GRADES
    found = [(item["area"], item["title"]) for item in record["areas_for_improvement"]]
    assert len(found) == len(AREAS_FOR_IMPROVEMENT)
    for (area, title), (expected_area, start) in zip(found, AREAS_FOR_IMPROVEMENT, strict=True):
        assert (area, title[: len(start)]) == (expected_area, start)
    causes = {c["title"]: len(c["recommendations"]) for c in record["causes_of_concern"]}
    assert causes == RECOMMENDATIONS
    timescales = [(c["timescale"], c["lead_in"]) for c in record["causes_of_concern"]]
    assert timescales == [
        ("Within three months", "Within three months, the force should:"),
        ("With immediate effect", "With immediate effect, the force should:"),
    ]
    assert [p["area"] for p in record["promising_practice"]] == [
        "preventing_crime",
        "protecting_vulnerable_people",
    ]


def test_the_grade_sentences_are_read_in_their_varied_wordings():
    sentences = parse_report(SAMPLE)["judgment_sentences"]
    assert sentences["police_powers_and_public_treatment"].startswith("We found the force’s")
    assert sentences["leadership_and_force_management"].startswith("We graded Northumbria")
    assert sentences["investigating_crime"] == (
        "Investigating crime is an area in which the force is adequate."
    )


def test_the_only_warning_says_where_the_ungraded_sections_finding_was_filed():
    warnings = parse_report(SAMPLE)["warnings"]
    assert len(warnings) == 1
    assert "“Providing a service for victims of crime” is not graded" in warnings[0]
    assert "filed under “Investigating crime”" in warnings[0]


@pytest.mark.parametrize(("data", "filename"), _layouts())
def test_grades_given_only_in_the_table_are_read(data, filename):
    text = read_report(data, filename)
    for sentence in parse_report(SAMPLE)["judgment_sentences"].values():
        text = text.replace(sentence, "The force has work to do.")
    record = parse_report(text)
    assert record["judgments"] == GRADES
    assert sum("states no grade" in w for w in record["warnings"]) == 9


def test_a_count_of_graded_areas_that_disagrees_with_the_grades_found_is_warned_of():
    text = SAMPLE.replace(
        "graded judgments in nine of these ten", "graded judgments in ten of these eleven"
    )
    warnings = parse_report(text)["warnings"]
    assert any("announces 10 graded judgments but 9 were found" in w for w in warnings)


def test_a_peel_report_that_mentions_the_child_protection_inspection_is_read_as_peel():
    text = SAMPLE.replace(
        "Overall summary\n",
        "National child protection inspection\nThe force's child protection inspection is due "
        "in 2025.\nNorthumbria Police: National child protection inspection\nOverall summary\n",
        1,
    )
    record = parse_report(text)
    assert record["programme"] == "PEEL 2023–25"
    assert record["judgments"] == GRADES


def test_a_child_protection_report_that_mentions_peel_is_read_as_child_protection():
    seed = Path(__file__).resolve().parents[1] / "data" / "gloucestershire-2025-ncpi.txt"
    text = seed.read_text(encoding="utf-8").replace(
        "Published on: 21 May 2025",
        "Published on: 21 May 2025\nPEEL 2023–25: An inspection of Gloucestershire Constabulary",
        1,
    )
    record = parse_report(text)
    assert record["programme"] == "National child protection inspection"
    assert len(record["judgments"]) == 5


@pytest.mark.parametrize(
    "title",
    [
        "PEEL 2023–25: An inspection of Northumbria Police",
        "PEEL 2023–2025 Police effectiveness, efficiency and legitimacy: An inspection of "
        "Northumbria Police",
        "PEEL 2023–25 – An inspection of Northumbria Police",
    ],
)
def test_each_published_title_form_is_read(title):
    text = SAMPLE.replace(
        "PEEL 2023–25\nPolice effectiveness, efficiency and legitimacy\n"
        "An inspection of Northumbria Police",
        title,
    )
    record = parse_report(text)
    assert (record["programme"], record["force"]) == ("PEEL 2023–25", "Northumbria Police")


@pytest.mark.django_db
@pytest.mark.parametrize(("data", "filename"), _layouts())
def test_a_peel_report_imports_as_a_peel_draft_with_its_tracked_items(data, filename):
    parsed = parse_uploaded_report(data=data, filename=filename)
    inspection, existed = import_report(record=parsed.record)
    assert not existed
    assert (inspection.programme.slug, inspection.force.name) == (
        "peel-2023-25",
        "Northumbria Police",
    )
    assert inspection.status == Inspection.Status.DRAFT
    grades = dict(inspection.judgments.values_list("area__slug", "grade__slug"))
    assert grades == GRADES
    tracked = inspection.recommendations.filter(kind=Recommendation.Kind.AREA_FOR_IMPROVEMENT)
    assert tracked.count() == len(AREAS_FOR_IMPROVEMENT)
    assert inspection.recommendations.filter(kind=Recommendation.Kind.RECOMMENDATION).count() == 5


@pytest.mark.django_db
def test_the_import_command_imports_a_peel_report(tmp_path):
    path = tmp_path / "northumbria.html"
    path.write_text(_as_html(SAMPLE), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_report", str(path), stdout=out, stderr=err)
    inspection = Inspection.objects.get(slug="northumbria-peel-2023-25-2024-11-14")
    assert inspection.judgments.count() == 9
    assert inspection.recommendations.count() == len(AREAS_FOR_IMPROVEMENT) + 5
    assert "Created draft inspection northumbria-peel-2023-25-2024-11-14" in err.getvalue()


@pytest.mark.parametrize(
    ("shown", "sentence"),
    [
        ("Responding to the public\nRequires improvement\n", "The force has work to do."),
        ("Responding to the public: Requires improvement\n", "The force has work to do."),
        ("Responding to the public Requires improvement\n", "The force has work to do."),
        ("Responding to the public\nGrade: Requires improvement\n", "It requires improvement."),
    ],
)
def test_a_grade_shown_beside_or_under_the_sections_heading_is_read(shown, sentence):
    text = SAMPLE.replace(
        "Responding to the public\n\nNorthumbria Police requires improvement in how it responds "
        "to the public.\n",
        f"{shown}{sentence}\n",
    ).replace("Responding to the public; ", "")  # the table no longer grades it
    record = parse_report(text)
    assert record["judgments"]["responding_to_the_public"] == "requires_improvement"
    assert not any("Responding to the public" in w for w in record["warnings"])


def test_a_new_programme_is_read_from_its_data_alone():
    reference = json.loads(PROGRAMMES.read_text(encoding="utf-8"))
    peel = next(p for p in reference["programmes"] if p["slug"] == "peel-2023-25")
    later = copy.deepcopy(peel) | {"slug": "peel-2025-27", "name": "PEEL 2025–27"}
    later["report"]["titles"] = ["PEEL 2025–27: An inspection of {force}"]
    later["report"]["announced_count"] = "we graded {graded} of them"
    reference["programmes"].append(later)
    text = SAMPLE.replace(
        "PEEL 2023–25\nPolice effectiveness, efficiency and legitimacy\nAn inspection of",
        "PEEL 2025–27: An inspection of",
    ).replace("We make graded judgments in nine of these ten", "Of these, we graded eight of them")
    record = parse_report(text, reference=reference)
    assert (record["programme"], record["judgments"]) == ("PEEL 2025–27", GRADES)
    assert any("announces 8 graded judgments but 9 were found" in w for w in record["warnings"])


def test_a_sections_earlier_grade_is_passed_over_for_the_one_the_table_gives():
    text = SAMPLE.replace(
        "Investigating crime is an area in which the force is adequate.",
        "In 2022, the force was good at investigating crime. It is now adequate at it.",
    )
    record = parse_report(text)
    assert record["judgments"]["investigating_crime"] == "adequate"
    assert record["judgment_sentences"]["investigating_crime"] == "It is now adequate at it."
    assert record["warnings"] == parse_report(SAMPLE)["warnings"]


def test_numbered_boxes_are_read_like_unnumbered_ones():
    text = SAMPLE.replace(
        "Cause of concern\n\nThe force isn’t answering",
        "Cause of concern 1\n\nThe force isn’t answering",
    ).replace(
        "Area for improvement\n\nThe force should make sure it uses Clare’s",
        "Area for improvement 1:\n\nThe force should make sure it uses Clare’s",
    )
    record = parse_report(text)
    assert len(record["causes_of_concern"]) == 2
    assert len(record["areas_for_improvement"]) == len(AREAS_FOR_IMPROVEMENT)


@pytest.mark.django_db
def test_the_admin_previews_and_confirms_a_peel_report(admin_client):
    url = reverse("admin:inspections_inspection_import")
    upload = SimpleUploadedFile("northumbria.html", _as_html(SAMPLE).encode())
    preview = admin_client.post(url, {"report": upload})
    assert preview.status_code == 200
    assert "Managing offenders" in preview.text
    assert "The force should make sure it uses Clare’s Law disclosures promptly." in preview.text
    response = admin_client.post(url, _preview_data(preview))
    draft = Inspection.objects.get(slug="northumbria-peel-2023-25-2024-11-14")
    assert response.status_code == 302
    assert dict(draft.judgments.values_list("area__slug", "grade__slug")) == GRADES
    tracked = draft.recommendations.filter(kind=Recommendation.Kind.AREA_FOR_IMPROVEMENT)
    assert tracked.count() == len(AREAS_FOR_IMPROVEMENT)


def test_a_box_heading_run_into_its_first_line_is_read():
    text = SAMPLE.replace(
        "Area for improvement\n\nThe force should make sure it uses Clare’s",
        "Area for improvement: The force should make sure it uses Clare’s",
    ).replace(
        "Cause of concern\n\nThe force doesn’t manage",
        "Cause of concern: The force doesn’t manage",
    )
    record = parse_report(text)
    assert RECOMMENDATIONS == {
        c["title"]: len(c["recommendations"]) for c in record["causes_of_concern"]
    }
    found = [(item["area"], item["title"]) for item in record["areas_for_improvement"]]
    assert ("protecting_vulnerable_people", AREAS_FOR_IMPROVEMENT[8][1]) in [
        (area, title[: len(AREAS_FOR_IMPROVEMENT[8][1])]) for area, title in found
    ]
    assert len(found) == len(AREAS_FOR_IMPROVEMENT)


def test_a_section_on_serious_and_organised_crime_does_not_run_into_the_area_before_it():
    text = SAMPLE.replace(
        "Building, supporting and protecting the workforce\n\nNorthumbria",
        "Serious and organised crime\n\nWe report on serious and organised crime in our regional "
        "inspections.\n\nBuilding, supporting and protecting the workforce\n\nNorthumbria",
    )
    record = parse_report(text)
    bodies = " ".join(f["body"] for f in record["main_findings"])
    assert "regional inspections" not in bodies
    assert record["judgments"] == GRADES


def test_a_lead_in_without_a_timescale_is_kept_and_not_read_as_the_causes_text():
    text = SAMPLE.replace("Within three months, the force should:", "The force should:")
    cause = parse_report(text)["causes_of_concern"][0]
    assert (cause["timescale"], cause["lead_in"]) == ("", "The force should:")
    assert "The force should:" not in cause["body"]
    assert len(cause["recommendations"]) == 3
