"""Every screen: each page reflows at 320 and 375 CSS px, passes axe, and prints as a briefing.

The pages are found by walking the links from each role's home (the public site, then signed
in as a force leader and as an inspector), one page of each kind (URL route), so a page added
later is walked too. The 375 px screenshots are kept only when asked for: with SCREENSHOTS_DIR
set (e.g. `SCREENSHOTS_DIR=docs/screenshots`), so a test run leaves the checkout as it was.
"""

import io
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.urls import Resolver404, resolve, reverse
from playwright.sync_api import expect
from pypdf import PdfReader  # the report importer's PDF reader

from accounts.services import issue_api_token
from changes.models import ChangeEvent
from inspections import roles
from inspections.models import Inspection
from tests.factories import PASSWORD

SERIOUS = {"serious", "critical"}
# Not pages to walk: sign-out, downloads, files, the admin and the API (its docs are added).
SKIP_PREFIXES = ("/accounts/logout", "/admin/", "/api/", "/tracking/evidence/", "/static/")
MOST_PAGES = 60
REPORT = Path(settings.BASE_DIR) / "tests" / "data" / "gloucestershire-2025-ncpi.txt"
WIDER_THAN_THE_SCREEN = "document.documentElement.scrollWidth > window.innerWidth"
DRAWN_OR_TABLE = re.compile(r"^(true|table)$")


@pytest.fixture
def role_groups(site):
    """The groups a migration makes: a browser test empties the database when it ends."""
    inspectors, _ = Group.objects.get_or_create(name=roles.INSPECTORS)
    inspectors.permissions.add(Permission.objects.get(codename="verify_recommendation"))
    Group.objects.get_or_create(name=roles.FORCE_LEADERS)


def _sign_in(page, site, username):
    page.goto(f"{site}{reverse('login')}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _route(path: str) -> str | None:
    """The page's kind: its URL pattern, or None for what is not a page to walk."""
    # Downloads and the Atom feeds (documents for feed readers: tests/changes/test_feeds.py).
    if path.startswith(SKIP_PREFIXES) or path.endswith((".csv", ".xlsx", ".txt", "/feed/")):
        return None
    try:
        return resolve(path).route
    except Resolver404:
        return None


def _walk(page, site: str, start: list[str]) -> list[str]:
    """One address of each kind of page reachable by links from the start pages."""
    queue, seen_routes, pages = list(start), set(), []
    while queue and len(pages) < MOST_PAGES:
        address = queue.pop(0)
        parts = urlsplit(address)
        if "download=" in parts.query:
            continue
        route = _route(parts.path)
        if route is None or route in seen_routes:
            continue
        seen_routes.add(route)
        response = page.goto(site + address)
        if response is None or response.status != 200:
            continue
        pages.append(address)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            link = urlsplit(href)
            if link.netloc == urlsplit(site).netloc and "download" not in link.query:
                queue.append(link.path + (f"?{link.query}" if link.query else ""))
    return pages


def _wait_for_charts(page):
    for figure in page.locator("[data-figure]").all():
        expect(figure).to_have_attribute("data-rendered", DRAWN_OR_TABLE)


def _problems(page, site, addresses, *, width) -> dict[str, str]:
    """At this width: pages wider than the screen, and axe's serious or critical findings."""
    problems = {}
    page.set_viewport_size({"width": width, "height": 800})
    for address in addresses:
        page.goto(site + address)
        page.wait_for_load_state("networkidle")
        if address == reverse("api:docs"):
            expect(page.locator(".opblock").first).to_be_visible()
        if page.evaluate(WIDER_THAN_THE_SCREEN):
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            problems[f"{address} at {width}px"] = f"{scroll_width}px wide"
        results = Axe().run(page)
        serious = [v["id"] for v in results.response["violations"] if v["impact"] in SERIOUS]
        if serious:
            problems[f"{address} (axe)"] = ", ".join(serious)
    return problems


def _public_start(gloucestershire: Inspection) -> list[str]:
    return [
        "/",
        "/dashboards/",
        "/forces/gloucestershire/",
        "/forces/cleveland/",
        gloucestershire.get_absolute_url(),
        "/compare/?forces=gloucestershire,greater-manchester,west-midlands",
        "/areas/investigation/",
        reverse("login"),
    ]


@pytest.mark.parametrize("width", [320, 375])
def test_no_public_page_is_wider_than_a_phone_or_has_a_serious_axe_finding(
    site, page, gloucestershire, width
):
    page.set_viewport_size({"width": width, "height": 800})
    addresses = _walk(page, site, _public_start(gloucestershire))
    assert len(addresses) >= 7, addresses
    addresses.append(reverse("api:docs"))  # Swagger UI, drawn by its script: wait for it
    assert _problems(page, site, addresses, width=width) == {}


@pytest.mark.parametrize("width", [320, 375])
def test_no_tracking_page_is_wider_than_a_phone_or_has_a_serious_axe_finding(
    site, role_groups, force_leader, inspector, page, width
):
    found = {}
    for user, home in ((force_leader, "/my-force/"), (inspector, "/tracking/")):
        page.context.clear_cookies()
        _sign_in(page, site, user.username)
        assert urlsplit(page.url).path == home  # signing in lands on the role's home
        page.set_viewport_size({"width": width, "height": 800})
        addresses = [a for a in _walk(page, site, [home]) if _route(urlsplit(a).path)]
        tracking = [a for a in addresses if a.startswith(("/my-force/", "/tracking/"))]
        assert len(tracking) >= 3, addresses
        found.update(_problems(page, site, addresses, width=width))
    assert found == {}


def test_the_gloucestershire_leader_sees_the_action_plan_due_16_july_2025(
    site, role_groups, force_leader, page
):
    _sign_in(page, site, force_leader.username)
    expect(page).to_have_url(site + "/my-force/")
    duties = page.locator("#duties")
    # The child protection inspection of 21 May 2025 (its PEEL report has duties of its own).
    plan = duties.locator("tr", has_text="Force action plan").filter(has_text="21 May 2025")
    expect(plan).to_contain_text("16 July 2025")
    expect(plan).to_contain_text("No submission recorded")
    expect(
        page.get_by_text("No published inspection of this force has follow-up duties")
    ).to_have_count(0)
    expect(page.locator("#tracker").get_by_text("With immediate effect").first).to_be_visible()
    expect(page.get_by_role("link", name="Review queue")).to_have_count(0)


def test_wide_tables_scroll_in_a_labelled_focusable_region(site, role_groups, force_leader, page):
    _sign_in(page, site, force_leader.username)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(site + "/my-force/")
    region = page.locator(".app-scroll", has=page.locator("#tracker"))
    expect(region).to_have_attribute("role", "region")
    expect(region).to_have_attribute("tabindex", "0")
    expect(region).to_have_attribute("aria-label", re.compile(r"\S"))
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")  # it scrolls, the page not
    region.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # Scrolled by the keyboard (smoothly: wait for it).
    page.wait_for_function("() => document.querySelector('#tracker').parentElement.scrollLeft > 0")
    assert not page.evaluate(WIDER_THAN_THE_SCREEN)


def test_charts_keep_their_labels_on_a_phone(site, page):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(site + "/forces/gloucestershire/")
    chart = page.locator("section.app-chart", has_text="Case-file evidence").locator(
        "[data-figure]"
    )
    expect(chart).to_have_attribute("data-rendered", "true")
    box = chart.bounding_box()
    plot = chart.locator(".nsewdrag").first.bounding_box()  # the plotting area
    assert plot["width"] >= 0.4 * box["width"]  # not squeezed to a sliver by its labels
    for label in chart.locator(".ytick text").all():
        label_box = label.bounding_box()
        assert label_box["x"] >= box["x"] - 1, label.text_content()  # no label cut off


def test_on_a_phone_the_heatmap_gives_way_to_its_open_table(site, page):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site + "/dashboards/")
    heatmap = page.locator("section.app-chart", has_text="Grades by force and area").first
    expect(heatmap.locator("[data-figure]")).to_have_attribute("data-rendered", "table")
    expect(heatmap.locator("table")).to_be_visible()
    expect(heatmap.locator("table")).to_contain_text("Gloucestershire Constabulary")
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(heatmap.locator("[data-figure]")).to_have_attribute("data-rendered", "true")


def test_a_printed_force_page_holds_its_tables_and_charts_without_navigation(site, page):
    page.goto(site + "/forces/gloucestershire/")
    _wait_for_charts(page)
    page.emulate_media(media="print")
    expect(page.locator("header")).to_be_hidden()
    expect(page.locator("footer")).to_be_hidden()
    tables = page.locator("main table")
    assert tables.count() >= 4
    for table in tables.all():
        expect(table).to_be_visible()  # folded tables print open
    expect(page.locator("[data-figure] svg.main-svg").first).to_be_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    text = _pdf_text(pdf)
    for phrase in ("Grades at the latest inspection", "Leadership", "Timeline of inspections"):
        assert phrase in text, phrase
    assert "Skip to main content" not in text and "Open Government Licence" not in text


def _pdf_text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize(
    ("name", "address", "who"),
    [
        ("overview-375.png", "/dashboards/", None),
        ("force-375.png", "/forces/gloucestershire/", None),
        ("my-force-375.png", "/my-force/", "force_leader"),
    ],
)
def test_screenshots_at_375_px(site, role_groups, request, page, name, address, who):
    if who:
        _sign_in(page, site, request.getfixturevalue(who).username)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site + address)
    page.wait_for_load_state("networkidle")
    _wait_for_charts(page)
    assert not page.evaluate(WIDER_THAN_THE_SCREEN)
    png = page.screenshot(full_page=True)
    assert png.startswith(b"\x89PNG")
    if folder := os.environ.get("SCREENSHOTS_DIR"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(png)


def test_the_admin_pages_have_no_serious_axe_finding(site, admin_user, gloucestershire, page):
    issue_api_token(user=admin_user)  # the API tokens' list has a row
    _sign_in(page, site, admin_user.username)
    recommendation = gloucestershire.recommendations.first()
    addresses = [
        reverse("admin:index"),
        reverse("admin:inspections_inspection_changelist"),
        reverse("admin:inspections_inspection_change", args=[gloucestershire.pk]),
        reverse("admin:inspections_inspection_import"),
        reverse("admin:inspections_inspection_import_grades"),
        reverse("admin:recommendations_recommendation_changelist"),
        reverse("admin:recommendations_recommendation_change", args=[recommendation.pk]),
        reverse("admin:knox_authtoken_changelist"),
        reverse("admin:changes_changeevent_changelist"),
        reverse("admin:changes_changeevent_change", args=[ChangeEvent.objects.first().pk]),
    ]
    found = {}
    for address in addresses:
        page.goto(site + address)
        expect(page.locator("#content")).to_be_visible()
        results = Axe().run(page)
        serious = [v["id"] for v in results.response["violations"] if v["impact"] in SERIOUS]
        if serious:
            found[address] = (serious, results.generate_report())
    page.goto(site + reverse("admin:inspections_inspection_import"))
    page.locator("input[type=file]").set_input_files(REPORT)
    page.locator("input[type=submit], button[type=submit]").last.click()
    page.wait_for_load_state()
    results = Axe().run(page)
    serious = [v["id"] for v in results.response["violations"] if v["impact"] in SERIOUS]
    if serious:
        found["import preview"] = (serious, results.generate_report())
    assert found == {}
