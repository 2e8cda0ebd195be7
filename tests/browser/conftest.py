"""Browser fixtures: the test app served over HTTP and a Playwright page on the system's Chromium.

The `app` fixture (tests/conftest.py) runs the test body inside an app context; the live
server's threads handle each HTTP request in their own app context and therefore their own
database session. Both talk to the same database: the per-test SQLite file under tmp_path, or
TEST_DATABASE_URL. Call `fresh_session()` before asserting on rows the server wrote, so the
test thread's session does not answer from its identity map.
"""

import os
import re
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from foia_tracker.extensions import db

from ..conftest import PASSWORD

#: Names a Chromium goes by on PATH, tried in order unless FOIA_TEST_CHROMIUM names one.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
# Playwright's own browser download does not work here; a packaged Chromium does.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: Generous for a cold start of the server and browser, short enough to fail fast.
TIMEOUT_MS = 15_000


def log_in(page, base_url: str, email: str, password: str = PASSWORD) -> None:
    """Log in through the login form and land on the dashboard."""
    from playwright.sync_api import expect

    page.goto(f"{base_url}/login")
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    # The address changes before the stylesheet has loaded: callers measure the layout.
    page.wait_for_load_state()


def fresh_session() -> None:
    """Drop the test thread's session so the next query sees what the server committed."""
    db.session.remove()


def _closed_at_once(app):
    """Return the app with each response read whole and its iterable closed before it is sent.

    Werkzeug's development server skips the response's close() when the client drops the
    connection mid-response (Chromium cancelling the favicon as a page moves on): the static
    file stayed open until garbage collection, whose ResourceWarning fails the test under
    `-W error`. The test pages and files are small; nothing streams here.
    """
    def closing_app(environ, start_response):
        iterable = app(environ, start_response)
        try:
            return [b"".join(iterable)]
        finally:
            if hasattr(iterable, "close"):
                iterable.close()
    return closing_app


@pytest.fixture
def live_server(app):
    """Serve the test app on a free port of 127.0.0.1 and return its base URL."""
    server = make_server("127.0.0.1", 0, _closed_at_once(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        # Whatever the test thread read is stale now; the app fixture empties the tables next.
        fresh_session()


def chromium_path() -> str | None:
    """Return the Chromium to drive: FOIA_TEST_CHROMIUM (a path or a name) or the first on PATH."""
    configured = os.environ.get("FOIA_TEST_CHROMIUM")
    if configured:
        return shutil.which(configured)
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def _require_chromium() -> str:
    found = chromium_path()
    if found:
        return found
    configured = os.environ.get("FOIA_TEST_CHROMIUM")
    reason = (f"FOIA_TEST_CHROMIUM={configured!r} is not an executable Chromium" if configured else
              f"browser tests need Chromium ({', '.join(CHROMIUM_NAMES)} on PATH, or its path in "
              "FOIA_TEST_CHROMIUM); on Debian: apt-get install chromium")
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the browser tests, not skip them", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def browser():
    """Launch headless chromium through Playwright; closed after the test."""
    executable = _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_context(browser):
    """Return a factory of fresh browser contexts (separate cookies: separate users)."""
    contexts = []

    def make(**options):
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def browser_page(new_context):
    """Return a Playwright page (sync API) in a fresh browser context."""
    return new_context().new_page()


PHONE = {"width": 390, "height": 844}


def assert_fits_phone(page, url: str, screenshot) -> None:
    """Load the page at phone width, keep a screenshot, and check nothing overflows sideways."""
    page.set_viewport_size(PHONE)
    page.goto(url)
    page.screenshot(path=str(screenshot), full_page=True)
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})")
    assert widths["scroll"] <= widths["inner"], \
        f"horizontal overflow at phone width: {widths} (screenshot: {screenshot})"
