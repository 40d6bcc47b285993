"""Browser tests: Playwright drives the system Chromium against a live server.

Chromium comes from the operating system (`apt-get install chromium`), never from
`playwright install`. Without it these tests are skipped, unless REQUIRE_BROWSER=1 (as in CI),
which makes them fail instead. Run them with `make test-browser` or `make test`: both collect
the static files first, as the pages need the manifest.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pytest_django.live_server_helper import LiveServer

from tests.skipping import report_skipped, required, skip_folder

CHROMIUM = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NO_CHROMIUM = "Chromium not installed: apt-get install chromium"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
HERE = Path(__file__).parent


def _chromium_installed() -> bool:
    return os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)


def pytest_collection_modifyitems(config, items):
    if not _chromium_installed() and not required("REQUIRE_BROWSER"):
        skip_folder(items, HERE, f"{NO_CHROMIUM} (no {CHROMIUM}; CHROMIUM_PATH overrides it)")


def pytest_terminal_summary(terminalreporter):
    report_skipped(terminalreporter, NO_CHROMIUM, "browser tests")


@pytest.fixture(scope="session", autouse=True)
def _orm_calls_beside_playwright():
    """Allow the ORM in these tests: Playwright's sync API runs an asyncio loop in this thread,
    and Django would otherwise raise SynchronousOnlyOperation."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not _chromium_installed():
        pytest.fail(f"{NO_CHROMIUM} (no {CHROMIUM}); REQUIRE_BROWSER is set, so this is an error")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


@pytest.fixture(scope="session")
def live_server():
    """pytest-django's live server, but serving static files as production does.

    Its own static handler looks files up through the finders, which know nothing of the
    hashed names the manifest storage writes into pages (DEBUG is off in tests), so every
    asset would 404. Without it, WhiteNoise serves the collected STATIC_ROOT.
    """
    server = LiveServer("127.0.0.1", start=False)
    server.thread.static_handler = _no_static_handler
    server.start()
    yield server
    server.stop()


def _no_static_handler(application):
    return application


@pytest.fixture
def site(live_server, reference_data) -> str:
    """The live server's address, with the reference data in its database."""
    return live_server.url


@pytest.fixture
def console_errors(page) -> list[str]:
    """Console errors, uncaught exceptions, failed responses and blocked off-box requests.

    Any request not to 127.0.0.1 or localhost is aborted and recorded: pages must work offline.
    """
    errors: list[str] = []

    def on_console(message):
        if message.type == "error":
            errors.append(message.text)

    def on_response(response):
        if response.status >= 400:
            errors.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))

    def only_local(route):
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            return route.continue_()
        errors.append(f"external request blocked: {route.request.url}")
        return route.abort()

    page.route("**/*", only_local)
    return errors


RECORD_CSP_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", event => {
    window.cspViolations.push(
        `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} `
        + `in ${event.sourceFile}:${event.lineNumber}`
    );
});
"""


@pytest.fixture
def csp_violations(page):
    """The Content-Security-Policy violations the page reports, read after it has loaded."""
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    return lambda: page.evaluate("window.cspViolations")
