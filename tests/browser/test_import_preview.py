"""The admin's import preview in a real browser: a summary first, sections that fold, a whole
section ticked or unticked at once with or without JavaScript, every text box showing its whole
text, and nothing serious for axe."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from inspections.models import Inspection
from tests.factories import PASSWORD

SERIOUS = {"serious", "critical"}
REPORT = Path(__file__).resolve().parent.parent / "data" / "gloucestershire-2025-ncpi.txt"
DRAFT = "gloucestershire-ncpi-2026-06-03"


@pytest.fixture
def report_file(tmp_path) -> Path:
    """The seed report, dated so that importing it makes a new draft."""
    path = tmp_path / "report.txt"
    text = REPORT.read_text(encoding="utf-8")
    path.write_text(text.replace("Published on: 21 May 2025", "Published on: 3 June 2026"))
    return path


def _preview(page, site, report_file):
    page.goto(f"{site}/admin/login/?next=/admin/inspections/inspection/import/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Report file").set_input_files(report_file)
    page.get_by_role("button", name="Read the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check what was found")


def _section(page, key):
    return page.locator(f"#import-{key}")


def _open(page, key):
    section = _section(page, key)
    section.locator("> summary").click()
    return section


def test_the_preview_opens_on_a_summary_with_its_sections_folded(
    site, admin_user, report_file, page, console_errors, csp_violations
):
    _preview(page, site, report_file)
    summary = page.locator(".app-import-summary tbody")
    expect(summary.locator("tr", has_text="Main findings")).to_contain_text("26 found; 26 ticked")
    expect(summary.locator("tr", has_text="Causes of concern")).to_contain_text(
        "3 found, with 18 recommendations; 3 ticked, with 18 recommendations"
    )
    expect(summary.locator("tr", has_text="Case-file statistics")).to_contain_text(
        "22 found; 22 ticked"
    )
    expect(summary).to_contain_text("Leadership of child protection arrangements: Inadequate")
    height = page.evaluate("document.documentElement.scrollHeight")
    visible_boxes = page.locator("input[type=checkbox]:visible").count()
    print(f"preview: {height} px high, {visible_boxes} checkboxes in view")
    assert height < 3000
    assert visible_boxes == 0
    main_findings = _open(page, "main_findings")
    expect(
        main_findings.get_by_text("Leadership of child protection arrangements").first
    ).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert console_errors == []
    assert csp_violations() == []


def test_axe_finds_no_serious_or_critical_violation_with_every_section_open(
    site, admin_user, report_file, page
):
    _preview(page, site, report_file)
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
    assert serious == [], results.generate_report()


def test_every_recommendation_box_shows_its_whole_text(site, admin_user, report_file, page):
    _preview(page, site, report_file)
    causes = _open(page, "causes_of_concern")
    boxes = causes.locator("textarea")
    expect(boxes).to_have_count(18)
    for box in boxes.all():
        assert box.evaluate("b => b.scrollHeight <= b.clientHeight + 1"), box.input_value()


def test_a_script_ticks_and_unticks_a_whole_section_in_place(site, admin_user, report_file, page):
    _preview(page, site, report_file)
    causes = _open(page, "causes_of_concern")
    causes.get_by_role("button", name="Untick all causes of concern").click()
    expect(causes.locator("input[type=checkbox][name^=keep__]:checked")).to_have_count(0)
    expect(causes.locator("[data-kept]")).to_have_text("0 of 3 ticked to keep")
    causes.get_by_role("button", name="Tick all causes of concern", exact=True).click()
    expect(causes.locator("input[type=checkbox][name^=keep__]:checked")).to_have_count(21)
    expect(page.get_by_role("heading", level=1)).to_have_text("Check what was found")


def test_without_javascript_a_section_is_unticked_by_the_server_keeping_edits(
    site, admin_user, report_file, browser
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    _preview(page, site, report_file)
    causes = _open(page, "causes_of_concern")
    causes.locator("textarea").first.fill("an edited recommendation")
    figures = _open(page, "figure")
    figures.get_by_role("button", name="Untick all other figures").click()

    figures = _section(page, "figure")
    expect(figures).to_have_attribute("open", "")
    expect(figures.locator("input[type=checkbox]:checked")).to_have_count(0)
    expect(figures.locator("[data-kept]")).to_have_text("0 of 5 ticked to keep")
    expect(_section(page, "causes_of_concern").locator("textarea").first).to_have_value(
        "an edited recommendation"
    )
    page.get_by_role("button", name="Create the draft inspection").click()
    draft = Inspection.objects.get(slug=DRAFT)
    assert draft.other_figures.count() == 0
    assert draft.recommendations.filter(text="an edited recommendation").exists()
    context.close()
