"""In a real browser: an admin checks the mailbox, the unmatched release waits in the inbox, is
filed on a request in one step, and appears on its timeline with its PDF found by search."""

from playwright.sync_api import expect

from foia_tracker.documents.extraction import extraction_run

from ..browser.conftest import (  # noqa: F401  (fixtures)
    browser, browser_page, fresh_session, live_server, log_in, new_context,
)
from ..conftest import AGENCY_TODAY
from . import messages


def test_a_triage_message_read_from_the_mailbox_is_filed_and_searchable(
        live_server, browser_page, admin, make_request, make_agency, account,  # noqa: F811
        connect_mailbox):
    agency = make_agency(name="Washington County Sheriff", email=messages.AGENCY)
    records_request = make_request(admin, agency=agency, sent_on=AGENCY_TODAY)
    reference, request_id = records_request.reference, records_request.id
    account.append(messages.unmatched_release("Clearview AI master services agreement"))
    connect_mailbox(admin.organisation, account, name="Records inbox")

    page = browser_page
    log_in(page, live_server, admin.email)
    page.goto(f"{live_server}/admin/mailboxes/")
    page.get_by_role("button", name="Check now").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Records inbox: Read 1 new message (1 triage).")
    expect(page.locator("table.mailboxes")).not_to_contain_text("Never")

    page.get_by_role("link", name="Inbox", exact=True).click()
    message = page.locator("article.inbox-message").filter(has_text="Documents you asked for")
    expect(message).to_contain_text("release.pdf")
    message.get_by_label("Request").fill(reference)
    message.get_by_role("button", name="File", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(f"Filed on {reference}")
    expect(page.locator("article.inbox-message")).to_have_count(0)

    page.goto(f"{live_server}/requests/{request_id}")
    entry = page.locator("ol.timeline li").filter(has_text="Documents you asked for")
    expect(entry).to_contain_text("Sender authentication: DKIM none")
    expect(page.locator("table.documents")).to_contain_text("release.pdf")

    fresh_session()
    assert extraction_run().done >= 1
    page.goto(f"{live_server}/search?q=Clearview")
    hit = page.locator(".search-hit").filter(has_text=reference)
    expect(hit).to_contain_text("release.pdf")
    expect(hit.locator("mark").first).to_have_text("Clearview")
