"""Hostile text in a real browser: markup stored through the services shows as text and runs
nowhere. Every payload sets window.__pwned and opens a dialog if it ever runs."""

import html

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from inspections import roles
from inspections.services import import_report, parse_uploaded_report, publish_inspection
from recommendations import services
from tests.factories import PASSWORD
from tests.security import corpus


@pytest.fixture
def role_groups(site):
    """The groups a migration makes: a browser test empties the database when it ends."""
    roles.create_roles(Group, Permission)


@pytest.fixture
def hostile(site, role_groups, tasks_inline, force_leader, inspector) -> dict:
    """The hostile report imported and published through the importer's services; a progress
    update with markup in its narrative and link, and an inspector's comment with markup."""
    parsed = parse_uploaded_report(data=corpus.hostile_report().encode(), filename="report.txt")
    inspection, _ = import_report(record=parsed.record)
    inspection = publish_inspection(inspection=inspection)
    claimed = inspection.recommendations.get(text__startswith=corpus.SVG_ONLOAD)
    progress = {
        "recommendation": claimed,
        "author": force_leader,
        "force_status": "reported_complete",
        "effective_on": inspection.published,
    }
    with pytest.raises(ValidationError, match="is not a web address"):
        services.record_progress(**progress, narrative="x", links=[corpus.REFUSED_LINKS["data"]])
    services.record_progress(**progress, narrative=corpus.IMG_ONERROR, links=[corpus.MARKUP_LINK])
    verified = inspection.recommendations.get(text__startswith=corpus.FORMULA)
    services.verify_recommendation(
        recommendation=verified, by=inspector, verification_status="not_met", comment=corpus.SCRIPT
    )
    cause = inspection.findings.get(kind="cause_of_concern", title__contains=corpus.SCRIPT)
    return {"inspection": inspection, "claimed": claimed, "verified": verified, "cause": cause}


@pytest.fixture
def dialogs(page) -> list[str]:
    """Every dialog a page opens, dismissed."""
    opened: list[str] = []

    def on_dialog(dialog):
        opened.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return opened


def _sign_in(page, site, username):
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _assert_inert(page, site, path, shown: tuple[str, ...], dialogs, console_errors):
    page.goto(site + path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof window.__pwned") == "undefined", path
    assert dialogs == [], path
    text = page.locator("main").inner_text()
    for payload in shown:
        assert payload in text, f"{payload!r} is not shown as text on {path}"
    assert [e for e in console_errors if "external request" in e] == []


def test_markup_in_imported_findings_runs_nowhere_for_the_public(
    site, hostile, page, dialogs, console_errors
):
    markup = (corpus.SCRIPT, corpus.IMG_ONERROR, corpus.SVG_ONLOAD, corpus.ATTRIBUTE_BREAK)
    pages = {
        hostile["inspection"].get_absolute_url(): markup,
        reverse("dashboards:area", args=["leadership"]): markup[:1],
        "/": (),
    }
    for path, shown in pages.items():
        _assert_inert(page, site, path, shown, dialogs, console_errors)


def test_markup_in_progress_and_evidence_runs_nowhere_for_the_force(
    site, hostile, page, dialogs, console_errors
):
    _sign_in(page, site, "leader")
    claimed = hostile["claimed"]
    pages = {
        reverse("recommendations:recommendation", args=[claimed.pk]): (
            corpus.SVG_ONLOAD,
            corpus.IMG_ONERROR,
            corpus.MARKUP_LINK,
        ),
        reverse("recommendations:recommendation", args=[hostile["verified"].pk]): (corpus.SCRIPT,),
        reverse("recommendations:my_force"): (corpus.SVG_ONLOAD, corpus.ATTRIBUTE_BREAK),
    }
    for path, shown in pages.items():
        _assert_inert(page, site, path, shown, dialogs, console_errors)
    # The evidence link keeps its whole address as its target: the quote broke nothing out.
    hrefs = page.goto(site + list(pages)[0]) and page.eval_on_selector_all(
        "a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert corpus.MARKUP_LINK in hrefs
    assert not [h for h in hrefs if h and h.strip().lower().startswith(("javascript:", "data:"))]


def test_markup_runs_nowhere_for_an_inspector(site, hostile, page, dialogs, console_errors):
    _sign_in(page, site, "inspector")
    pages = {
        reverse("recommendations:trace", args=[hostile["cause"].pk]): (
            corpus.SCRIPT,
            corpus.IMG_ONERROR,
            corpus.SVG_ONLOAD,
        ),
        reverse("recommendations:review_queue"): (corpus.SVG_ONLOAD,),
        reverse("recommendations:force", args=[hostile["inspection"].force.slug]): (
            corpus.ATTRIBUTE_BREAK,
        ),
    }
    for path, shown in pages.items():
        _assert_inert(page, site, path, shown, dialogs, console_errors)


def test_the_import_preview_of_a_hostile_report_runs_nothing(
    site, role_groups, admin_user, page, dialogs, tmp_path
):
    # The report's text, escaped, so its markup is text; and real markup, which is dropped.
    body = html.escape(corpus.hostile_report()).replace("\n", "</p>\n<p>")
    report = tmp_path / "report.html"
    report.write_text(
        f"<html><head>{corpus.SCRIPT}</head><body><p>{body}</p>{corpus.IMG_ONERROR}</body></html>",
        encoding="utf-8",
    )
    page.goto(f"{site}/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(site + reverse("admin:inspections_inspection_import"))
    page.locator("input[type=file]").set_input_files(str(report))
    page.locator("input[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "Check what was found" in page.title()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []
    # The preview folds its sections: open them all to read what an admin would see.
    page.locator("#content details").evaluate_all("all => all.forEach(d => { d.open = true; })")
    assert corpus.SCRIPT in page.locator("#content").inner_text()
