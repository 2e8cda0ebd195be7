"""Logging an agency's reply: the kind decides the direction, shown only for notes."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from foia_tracker.web.dates import local_today

from .conftest import log_in


def test_an_acknowledgment_logged_with_the_defaults_is_received(
        live_server, browser_page, make_user, make_agency, make_request):
    user = make_user()
    today = local_today("CA")
    agency = make_agency("Oakland Police Department", jurisdiction="CA")
    request = make_request(user, agency=agency, sent_on=today - timedelta(days=5))
    page = browser_page
    log_in(page, live_server, user.email)
    page.goto(f"{live_server}/requests/{request.id}")

    form = page.locator("#log-communication form")
    direction = form.get_by_label("Direction", exact=True)
    form.get_by_label("Kind", exact=True).select_option(label="Note")
    expect(direction).to_be_visible()
    form.get_by_label("Kind", exact=True).select_option(label="Acknowledgment")
    expect(direction).to_be_hidden()
    form.get_by_label("Date", exact=True).fill(today.isoformat())
    form.get_by_label("Summary", exact=True).fill("Acknowledged by the records unit")
    form.get_by_role("button", name="Log communication").click()

    expect(page).to_have_url(re.compile(rf"/requests/{request.id}"))
    expect(page.locator("#request-status")).to_have_text("Acknowledged")
    expect(page.locator(".timeline .entry").filter(has_text="Acknowledged by the records unit")) \
        .to_contain_text(re.compile("received", re.IGNORECASE))
