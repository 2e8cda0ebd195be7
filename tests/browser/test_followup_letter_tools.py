"""A follow-up letter to send: a tall editor, a copy button, an e-mail link, and an honest due date."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, unquote, urlsplit

from playwright.sync_api import expect
from sqlalchemy import select

from foia_tracker.extensions import db
from foia_tracker.followups.models import FollowUp
from foia_tracker.web.dates import local_today

from .conftest import log_in


def test_the_letter_is_roomy_copyable_and_opens_in_email(
        live_server, new_context, make_user, make_agency, make_request):
    user = make_user()
    today = local_today("CA")
    agency = make_agency("San Jose Police Department", jurisdiction="CA",
                         email="records@sjpd.example.org")
    request = make_request(user, agency=agency, title="ALPR data & sharing",
                           sent_on=today - timedelta(days=45))
    [followup] = request_followups(request)
    scheduled_on = followup.scheduled_on
    assert scheduled_on < today

    page = new_context(permissions=["clipboard-read", "clipboard-write"]).new_page()
    log_in(page, live_server, user.email)
    page.goto(f"{live_server}/followups")
    expect(page.locator("tr.followup")).to_contain_text(f"now (was due {scheduled_on})")
    page.locator("tr.followup a").first.click()
    expect(page.locator("#followup-status")).to_contain_text(
        f"due to go out now (was due {scheduled_on})")

    page.wait_for_load_state()  # the box's size comes from the stylesheet
    letter = page.get_by_label("Letter", exact=True)
    size = letter.evaluate("e => ({height: e.clientHeight, font: parseFloat(getComputedStyle(e).fontSize),"
                           " resize: getComputedStyle(e).resize})")
    assert size["height"] >= 18 * size["font"] and size["resize"] == "vertical", size

    page.get_by_role("button", name="Copy letter").click()
    expect(page.get_by_role("status").filter(has_text="Letter copied.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == letter.input_value()

    href = page.get_by_role("link", name=re.compile("^Open in e-mail")).get_attribute("href")
    parts = urlsplit(href)
    assert (parts.scheme, unquote(parts.path)) == ("mailto", "records@sjpd.example.org")
    query = parse_qs(parts.query)
    assert set(query) == {"subject", "body"}  # the "&" of the title did not start a header
    assert query["subject"] == [page.get_by_label("Subject", exact=True).input_value()]
    assert query["body"][0].replace("\r\n", "\n") == letter.input_value().replace("\r\n", "\n")
    assert "ALPR data & sharing" in query["body"][0]


def test_no_email_link_without_the_agency_address(
        live_server, browser_page, make_user, make_agency, make_request):
    user = make_user()
    today = local_today("CA")
    request = make_request(user, agency=make_agency(jurisdiction="CA"),
                           sent_on=today - timedelta(days=45))
    [followup] = request_followups(request)
    page = browser_page
    log_in(page, live_server, user.email)
    page.goto(f"{live_server}/followups/{followup.id}")
    expect(page.get_by_role("button", name="Copy letter")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Open in e-mail"))).to_have_count(0)


def request_followups(request) -> list[FollowUp]:
    return list(db.session.scalars(select(FollowUp).where(FollowUp.request_id == request.id)))
