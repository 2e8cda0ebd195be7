"""A document's text status updates in place while extraction runs: no page reload (a meta
refresh reloaded the page under the reader every 5 s, an axe 'critical' and WCAG 2.2.1)."""

from playwright.sync_api import expect

from foia_tracker.documents.extraction import extraction_run

from ..files import make_pdf
from .conftest import log_in


def test_the_text_section_updates_without_reloading_the_page(
        live_server, browser_page, make_user, make_request, make_document):
    user = make_user()
    document = make_document(make_request(user), make_pdf(["Invoice for licence-plate readers."]),
                             page_count=1, user=user)
    page = browser_page
    log_in(page, live_server, user.email)
    page.goto(f"{live_server}/documents/{document.id}")
    expect(page.locator("meta[http-equiv=refresh]")).to_have_count(0)
    expect(page.locator("#extraction")).to_contain_text("Waiting for text extraction")
    page.evaluate("window.loadedOnce = true")

    extraction_run()
    expect(page.locator("#extraction")).to_contain_text("Text extracted", timeout=12_000)
    assert page.evaluate("window.loadedOnce") is True, "the page was reloaded"
