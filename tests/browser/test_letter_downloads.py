"""A letter's exports sit under a Downloads heading the page's top links to, as buttons."""

from datetime import date

from playwright.sync_api import expect

from foia_tracker.exports.registry import FORMATS
from foia_tracker.extensions import db
from foia_tracker.letters.models import Letter

from .conftest import PHONE, log_in


def test_downloads_are_one_tap_from_the_top_of_a_letter(live_server, new_context, make_user):
    user = make_user()
    letter = Letter(organisation_id=user.organisation_id, title="Stop buying face recognition",
                    letter_date=date(2026, 4, 1), body="Dear council,\n\nPlease stop.")
    db.session.add(letter)
    db.session.commit()
    page = new_context(viewport=PHONE).new_page()
    log_in(page, live_server, user.email)
    page.goto(f"{live_server}/letters/{letter.id}")
    page.get_by_role("link", name="Downloads").click()
    downloads = page.get_by_role("region", name="Downloads")
    expect(downloads).to_be_in_viewport()
    expect(downloads.get_by_role("link")).to_have_count(len(FORMATS))
    word = downloads.get_by_role("link", name="Word", exact=False).first
    assert word.evaluate("a => getComputedStyle(a).borderTopStyle") == "solid", "shown as a button"
