"""A request logged weeks overdue has its follow-up drafted at once, linked from the deadline."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from foia_tracker.web.dates import local_today

from .conftest import log_in


def test_a_request_logged_overdue_links_to_its_drafted_follow_up_at_once(
        live_server, browser_page, make_user, make_agency):
    user = make_user()
    today = local_today("CA")
    agency = make_agency("Fresno Police Department", jurisdiction="CA")
    page = browser_page
    log_in(page, live_server, user.email)

    page.goto(f"{live_server}/requests/new")
    page.get_by_label("Agency", exact=True).select_option(str(agency.id))
    page.get_by_label("Title", exact=True).fill("Drone flight logs")
    page.get_by_label("Request text", exact=True).fill("All drone flight logs for 2026.")
    page.get_by_label("Date sent", exact=True).fill((today - timedelta(days=60)).isoformat())
    page.get_by_label("Sent by", exact=True).select_option(label="E-mail")
    page.get_by_role("button", name="Save request").click()
    expect(page).to_have_url(re.compile(r"/requests/\d+$"))

    # No sweep has run: the follow-up exists because logging the request drafted it.
    overdue = page.locator(".clock").filter(has=page.locator(".overdue")).first
    expect(overdue).to_contain_text("overdue by")
    overdue.get_by_role("link", name="follow-up letter drafted").click()
    expect(page).to_have_url(re.compile(r"/followups/\d+$"))
    expect(page.get_by_label("Letter", exact=True)).to_have_value(re.compile("Drone flight logs"))

    page.goto(f"{live_server}/followups")
    expect(page.locator("tr.followup")).to_have_count(1)
