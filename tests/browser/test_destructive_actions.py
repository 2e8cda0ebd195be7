"""Destructive actions: readable danger buttons, and deleting a document behind a disclosure."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from foia_tracker.users.models import Role
from foia_tracker.web.dates import local_today

from .conftest import log_in

DANGER_RED = "rgb(179, 38, 30)"
WHITE = "rgb(255, 255, 255)"


def colours(locator) -> tuple[str, str]:
    return tuple(locator.evaluate(
        "e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color]"))


def test_deleting_a_document_is_a_deliberate_step_with_a_reason(
        live_server, browser_page, make_user, make_request, make_document):
    admin = make_user(role=Role.admin)
    document = make_document(make_request(admin, sent_on=local_today("OR")), b"%PDF-1.4 tiny")
    exhibit = document.exhibit_number
    page = browser_page
    log_in(page, live_server, admin.email)
    page.goto(f"{live_server}/documents/{document.id}")

    reason = page.get_by_label("Reason", exact=True)
    expect(reason).to_be_hidden()
    page.get_by_text("Delete this document…").click()
    expect(reason).to_be_visible()
    button = page.get_by_role("button", name=f"Delete Exhibit {exhibit}")
    assert colours(button) == (DANGER_RED, WHITE)

    button.click()  # no reason: refused, and the disclosure stays open on the error
    expect(page.locator("#delete-document details")).to_have_attribute("open", "")
    expect(page.locator("#delete-document .error")).to_be_visible()
    page.get_by_label("Reason", exact=True).fill("Uploaded to the wrong request")
    page.get_by_role("button", name=f"Delete Exhibit {exhibit}").click()
    expect(page.locator(".flash-success")).to_contain_text(f"Deleted Exhibit {exhibit}")


def test_dismiss_is_white_on_red(live_server, browser_page, make_user, make_agency, make_request):
    user = make_user()
    today = local_today("CA")
    make_request(user, agency=make_agency(jurisdiction="CA"), sent_on=today - timedelta(days=45))
    page = browser_page
    log_in(page, live_server, user.email)
    page.goto(f"{live_server}/followups")
    page.locator("tr.followup a").first.click()
    expect(page).to_have_url(re.compile(r"/followups/\d+$"))
    assert colours(page.get_by_role("button", name="Dismiss")) == (DANGER_RED, WHITE)
