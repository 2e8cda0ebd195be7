"""An overdue California request: its follow-up task, drafted letter, and the sent letter on the timeline."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from foia_tracker.followups.letters import long_date
from foia_tracker.followups.services import followups_schedule
from foia_tracker.web.dates import local_today

from .conftest import log_in


def test_an_overdue_request_is_followed_up_and_the_letter_lands_on_the_timeline(
        live_server, browser_page, make_user, make_agency, make_request):
    user = make_user()
    # The form offers the agency's own today, a day behind the machine's for hours each night.
    today = local_today("CA")
    agency = make_agency("San Diego Police Department", jurisdiction="CA",
                         records_officer="Custodian of Records")
    request = make_request(user, agency=agency, title="Drone program records",
                           sent_on=today - timedelta(days=45), tracking_numbers=["R-2026-77"])
    due_on = request.next_due_on
    reference = request.reference
    assert followups_schedule(today=today) == 0  # drafted when the request was logged

    page = browser_page
    log_in(page, live_server, user.email)

    page.goto(f"{live_server}/followups")
    page.get_by_role("link", name=reference).click()
    expect(page).to_have_url(re.compile(r"/followups/\d+$"))
    letter = page.get_by_label("Letter", exact=True)
    expect(letter).to_have_value(re.compile(re.escape("Cal. Gov. Code § 7922.535(a)")))
    expect(letter).to_have_value(re.compile(re.escape(long_date(due_on))))
    expect(letter).to_have_value(re.compile("R-2026-77"))
    expect(page.get_by_label("Subject", exact=True)).to_have_value(re.compile(re.escape(reference)))
    expect(page.get_by_label("Date sent", exact=True)).to_have_value(today.isoformat())

    page.get_by_role("button", name="Mark as sent").click()
    expect(page).to_have_url(re.compile(rf"/requests/{request.id}#timeline$"))
    entry = page.locator(".timeline .entry").filter(has_text="Follow-up sent")
    expect(entry).to_contain_text(f"Follow-up sent: Overdue public records request {reference}")
    expect(entry).to_contain_text(today.isoformat())

    page.goto(f"{live_server}/followups")
    expect(page.locator("tr.followup")).to_have_count(0)
