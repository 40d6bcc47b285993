"""The importer recovers the Gloucestershire 2025 report as the gold file and the fixture list it,
from the text, from a web page of it and from a PDF of it."""

import html
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

from inspections.importer.parse import parse_report
from inspections.importer.read import read_report
from inspections.importer.text import fold

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
REPORT_BYTES = (DATA / "gloucestershire-2025-ncpi.txt").read_bytes()
REPORT = REPORT_BYTES.decode("utf-8")
GOLD = json.loads((DATA / "gloucestershire-2025-ncpi.gold.json").read_text(encoding="utf-8"))
FIXTURE = json.loads(
    (ROOT / "fixtures" / "inspections" / "gloucestershire-2025-ncpi.json").read_text(
        encoding="utf-8"
    )
)
THEMES = {
    t["slug"] for t in json.loads((ROOT / "fixtures" / "programmes.json").read_text())["themes"]
}


def _same(text: str) -> str:
    """Compare texts after whitespace normalisation (a no-break space is whitespace)."""
    return " ".join(text.split())


def _share(item: dict) -> tuple[str, int, int]:
    return item["area"], item["numerator"], item["denominator"]


@pytest.fixture(scope="module")
def record() -> dict:
    return parse_report(read_report(REPORT_BYTES, "gloucestershire-2025-ncpi.txt"))


def test_it_gives_a_record_shaped_like_the_fixture(record):
    assert set(record) == set(FIXTURE) | {"warnings"}
    assert record["warnings"] == []


def test_it_reads_the_front_matter(record):
    for key in ("force", "programme", "published", "hm_inspector", "action_plan_due"):
        assert record[key] == GOLD[key], key
    assert record["summary"] == FIXTURE["summary"]
    assert _same(record["hm_inspector_summary"]) == _same(FIXTURE["hm_inspector_summary"])


def test_it_reads_all_five_judgments_with_their_sentences(record):
    assert record["judgments"] == GOLD["judgments"]
    assert record["judgment_sentences"] == FIXTURE["judgment_sentences"]


def test_it_reads_the_three_causes_of_concern_and_all_18_recommendations(record):
    causes = record["causes_of_concern"]
    assert [(c["area"], _same(c["title"])) for c in causes] == [
        (c["area"], _same(c["title"])) for c in GOLD["causes_of_concern"]
    ]
    assert [c["timescale"] for c in causes] == [GOLD["recommendation_timescale"]] * 3
    for parsed, entered in zip(causes, FIXTURE["causes_of_concern"], strict=True):
        assert [_same(r) for r in parsed["recommendations"]] == [
            _same(r) for r in entered["recommendations"]
        ]
        assert _same(parsed["body"]) == _same(entered["body"])
    assert sum(len(c["recommendations"]) for c in causes) == 18


def test_it_reads_the_three_areas_for_improvement(record):
    assert [(a["area"], _same(a["title"])) for a in record["areas_for_improvement"]] == [
        (a["area"], _same(a["title"])) for a in GOLD["areas_for_improvement"]
    ]


def test_it_reads_the_five_case_studies_with_their_outcomes(record):
    assert [(c["area"], c["title"], c["outcome"]) for c in record["case_studies"]] == [
        (c["area"], c["title"], c["outcome"]) for c in GOLD["case_studies"]
    ]


def test_it_reads_the_main_findings_under_their_areas(record):
    assert [(m["area"], _same(m["title"])) for m in record["main_findings"]] == [
        (m["area"], _same(m["title"])) for m in FIXTURE["main_findings"]
    ]


def test_it_finds_every_core_statistic(record):
    found = Counter(_share(s) for s in record["case_file_statistics"])
    core = Counter(_share(s) for s in GOLD["case_file_statistics"] if s["kind"] == "core")
    assert core - found == Counter()


def test_it_finds_at_least_six_of_the_eight_stretch_statistics(record):
    found = Counter(_share(s) for s in record["case_file_statistics"])
    stretch = Counter(_share(s) for s in GOLD["case_file_statistics"] if s["kind"] == "stretch")
    assert sum((stretch & found).values()) >= 6


def test_it_finds_no_statistic_outside_the_gold_file(record):
    found = Counter(_share(s) for s in record["case_file_statistics"])
    gold = Counter(_share(s) for s in GOLD["case_file_statistics"])
    assert found - gold == Counter()


def test_each_statistic_keeps_its_sentence_and_polarity(record):
    entered = {_share(s) + (_same(s["sentence"]),): s for s in FIXTURE["case_file_statistics"]}
    for statistic in record["case_file_statistics"]:
        key = _share(statistic) + (_same(statistic["sentence"]),)
        assert key in entered, statistic["sentence"]
        assert statistic["polarity"] == entered[key]["polarity"], statistic["sentence"]
        assert statistic["about"]
        if "measure" in statistic:
            assert statistic["measure"] == entered[key].get("measure")


def test_it_reads_the_other_figures(record):
    def figure(item: dict) -> tuple:
        values = [item.get(k) for k in ("establishment", "deployable", "value", "count", "percent")]
        return item["area"], tuple(v for v in values if v is not None)

    assert sorted(map(figure, record["other_figures"])) == sorted(
        map(figure, GOLD["other_figures"])
    )
    assert {f["kind"] for f in record["other_figures"]} == {"fte", "count", "percent"}


def test_every_finding_has_known_themes_close_to_the_hand_tagged_ones(record):
    wanted = found = 0
    kinds = ("causes_of_concern", "areas_for_improvement", "main_findings", "case_studies")
    for kind in kinds:
        for parsed, entered in zip(record[kind], FIXTURE[kind], strict=True):
            assert set(parsed["themes"]) <= THEMES
            wanted += len(entered["themes"])
            found += len(set(parsed["themes"]) & set(entered["themes"]))
    assert found / wanted >= 0.9


def _as_html(text: str) -> str:
    """The report as a web page, with the furniture and script a real page carries."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    body, in_list = [], False
    for index, line in enumerate(lines):
        if line.startswith("•"):
            body.append("" if in_list else "<ul>")
            body.append(f"<li>{html.escape(line.lstrip('• '))}</li>")
            in_list = True
            continue
        if in_list:
            body.append("</ul>")
            in_list = False
        is_heading = not re.search(r"[.:;!?][\"')’”]*$", line)
        tag = "h1" if index == 0 else "h2" if is_heading and len(line) < 70 else "h3"
        tag = tag if is_heading or index == 0 else "p"
        body.append(f"<{tag}>{html.escape(line)}</{tag}>")
    return (
        "<!DOCTYPE html><html lang='en'><head><title>Report</title>"
        "<style>body { color: #0b0c0c }</style></head><body>"
        "<header>HMICFRS</header><nav><a href='#'>Contents</a></nav>"
        "<p><a href='#' onclick='window.print(); alert(1)'>Print this document</a></p>"
        f"<main>{''.join(body)}</main><script>alert(1)</script>"
        "<footer>© Crown copyright</footer></body></html>"
    )


def test_the_report_as_a_web_page_gives_the_same_record(record):
    page = _as_html(REPORT).encode("utf-8")
    text = read_report(page, "gloucestershire.html")
    assert "<script" not in text and "alert(1)" not in text and "onclick" not in text
    assert "Crown copyright" not in text
    from_page = parse_report(text)
    assert from_page == record
    assert "alert(1)" not in json.dumps(from_page)


def _as_pdf(text: str) -> bytes:
    """The report as a PDF drawn with reportlab's standard fonts."""
    styles = getSampleStyleSheet()
    story = []
    for index, line in enumerate(line.strip() for line in text.splitlines()):
        if not line:
            continue
        line = html.escape(_drawable(line), quote=False)
        if index == 0:
            story.append(Paragraph(line, styles["Title"]))
        elif line.startswith("•"):
            story.append(Paragraph(line.lstrip("• "), styles["BodyText"], bulletText="•"))
        elif not re.search(r"[.:;!?][\"')’”]*$", line):
            story.append(Paragraph(line, styles["Heading2"]))
        else:
            story.append(Paragraph(line, styles["BodyText"]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


def _drawable(text: str) -> str:
    """Replace what the standard (WinAnsi) fonts cannot draw: non-breaking hyphens, thin spaces."""
    return "".join(c if c.encode("cp1252", "ignore") else fold(c) for c in text)


def test_the_report_as_a_pdf_gives_the_same_judgments_and_recommendations(record):
    text = read_report(_as_pdf(REPORT), "gloucestershire.pdf")
    from_pdf = parse_report(text)
    assert from_pdf["force"] == record["force"]
    assert from_pdf["published"] == record["published"]
    assert from_pdf["judgments"] == record["judgments"]
    assert [_same(fold(c["title"])) for c in from_pdf["causes_of_concern"]] == [
        _same(fold(c["title"])) for c in record["causes_of_concern"]
    ]
    assert [len(c["recommendations"]) for c in from_pdf["causes_of_concern"]] == [5, 7, 6]
    assert len(from_pdf["case_file_statistics"]) == len(record["case_file_statistics"])
