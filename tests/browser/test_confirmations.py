"""Destructive one-click actions ask first: deleting a letter sits behind a disclosure, and
removing a timeline entry asks for confirmation (dismissing it removes nothing)."""

import re
from datetime import date

from playwright.sync_api import expect

from foia_tracker.extensions import db
from foia_tracker.letters.models import Letter
from foia_tracker.web.dates import local_today

from .conftest import log_in


def test_deleting_a_letter_is_a_deliberate_step(live_server, browser_page, make_user):
    user = make_user()
    letter = Letter(organisation_id=user.organisation_id, title="To the council",
                    letter_date=date(2026, 4, 1), body="Text.")
    db.session.add(letter)
    db.session.commit()
    page = browser_page
    log_in(page, live_server, user.email)
    page.goto(f"{live_server}/letters/{letter.id}")
    delete = page.get_by_role("button", name="Delete letter")
    expect(delete).to_be_hidden()
    page.get_by_text("Delete letter…").click()
    delete.click()
    expect(page).to_have_url(re.compile(r"/letters$"))
    expect(page.get_by_role("status")).to_contain_text("Deleted the letter “To the council”")
    expect(page.get_by_role("link", name="To the council")).to_have_count(0)


def test_removing_a_timeline_entry_asks_first(live_server, browser_page, make_user, make_request):
    user = make_user()
    records_request = make_request(user, sent_on=local_today("OR"))
    page = browser_page
    log_in(page, live_server, user.email)
    page.goto(f"{live_server}/requests/{records_request.id}")
    questions = []

    def answer(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", answer)
    page.locator(".timeline").get_by_role("button", name="Remove").click()
    expect(page.locator(".timeline .entry")).to_have_count(1)
    assert questions and questions[0].startswith("Remove the request sent of ")
