"""A California request's response deadline, seen and explained in the browser."""

import re

from playwright.sync_api import expect

from .conftest import log_in


def test_a_california_request_shows_its_deadline_over_thanksgiving(
        live_server, browser_page, make_user, make_agency):
    user = make_user()
    make_agency("San Diego Police Department", jurisdiction="CA")
    page = browser_page
    log_in(page, live_server, user.email)

    page.goto(f"{live_server}/requests/new")
    page.get_by_label("Agency", exact=True).select_option(label="San Diego Police Department (CA)")
    page.get_by_label("Title", exact=True).fill("Face recognition on mobile devices")
    page.get_by_label("Request text", exact=True).fill("All contracts for TACIDS.")
    page.get_by_label("Date sent", exact=True).fill("2026-11-16")
    page.get_by_label("Sent by", exact=True).select_option(label="E-mail")
    page.get_by_role("button", name="Save request").click()
    expect(page).to_have_url(re.compile(r"/requests/\d+$"))

    clock = page.locator("#clock-response")
    expect(clock).to_contain_text("due Mon 30 Nov 2026")
    expect(clock).to_contain_text("Cal. Gov. Code § 7922.535")
    clock.get_by_text("How was this computed?").click()
    skipped = clock.locator(".explanation li.step-skipped")
    expect(skipped.filter(has_text="2026-11-26")).to_contain_text("Thanksgiving")
    expect(skipped.filter(has_text="2026-11-27")).to_have_count(1)
