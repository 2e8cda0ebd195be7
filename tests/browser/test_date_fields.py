"""Date fields show and take YYYY-MM-DD whatever the browser's locale; a picker helps where it can."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from foia_tracker.communications.models import Communication
from foia_tracker.extensions import db
from foia_tracker.records.models import RecordsRequest
from foia_tracker.web.dates import local_today

from .conftest import fresh_session, log_in

#: A US English browser: a native date input would show 03/14/2026 here.
US = {"locale": "en-US"}


def _communications() -> int:
    fresh_session()
    return db.session.scalar(select(func.count()).select_from(Communication))


def test_a_date_is_typed_as_iso_refused_when_impossible_and_saved_when_real(
        live_server, new_context, make_user, make_agency, make_request):
    user = make_user()
    today = local_today("CA")
    request = make_request(user, agency=make_agency(jurisdiction="CA"),
                           sent_on=today - timedelta(days=20))
    page = new_context(**US).new_page()
    log_in(page, live_server, user.email)
    page.goto(f"{live_server}/requests/{request.id}")
    form = page.locator("#log-communication form")
    box = form.get_by_label("Date", exact=True)
    expect(box).to_have_attribute("type", "text")
    expect(box).to_have_attribute("placeholder", "YYYY-MM-DD")
    expect(box).to_have_accessible_description(re.compile("Year-month-day"))
    form.get_by_label("Kind", exact=True).select_option(label="Acknowledgment")
    form.get_by_label("Summary", exact=True).fill("Acknowledged by the records unit")
    before = _communications()

    box.fill("2026-02-30")
    form.get_by_role("button", name="Log communication").click()
    error = page.locator("#occurred_on-error")
    expect(error).to_have_text("February 2026 has 28 days: there is no 2026-02-30.")
    box = page.get_by_label("Date", exact=True)
    expect(box).to_have_value("2026-02-30")
    expect(box).to_have_accessible_description(re.compile("Year-month-day.*February 2026"))
    assert _communications() == before

    day = today - timedelta(days=2)
    box.fill(day.isoformat())
    page.get_by_role("button", name="Log communication").click()
    expect(page).to_have_url(re.compile(rf"/requests/{request.id}"))
    entry = page.locator(".timeline .entry").filter(has_text="Acknowledged by the records unit")
    expect(entry.locator(".when")).to_have_text(day.isoformat())
    assert _communications() == before + 1


def test_the_choose_date_button_fills_the_box_with_the_iso_date(
        live_server, new_context, make_user, make_agency, make_request):
    user = make_user()
    today = local_today("CA")
    sent = today - timedelta(days=10)
    request = make_request(user, agency=make_agency(jurisdiction="CA"), sent_on=sent)
    page = new_context(**US).new_page()
    log_in(page, live_server, user.email)
    page.goto(f"{live_server}/requests/{request.id}/edit")

    sent_box = page.get_by_label("Date sent", exact=True)
    expect(sent_box).to_have_value(sent.isoformat())
    received_box = page.get_by_label("Date the agency received it", exact=True)
    button = page.get_by_role("button", name="Choose date for Date the agency received it")
    expect(button).to_be_visible()
    received_box.focus()
    page.keyboard.press("Tab")
    expect(button).to_be_focused()

    # The native picker's own window cannot be driven: stand in for it on the hidden date input.
    native = received_box.locator("xpath=following-sibling::input[@type='date']")
    native.evaluate("el => { el.showPicker = () => { window.pickerOpenedAt = el.value; }; }")
    button.click()
    assert page.evaluate("window.pickerOpenedAt") == sent.isoformat()  # opens at the box's day
    chosen = today - timedelta(days=5)
    native.evaluate("(el, day) => { el.value = day; el.dispatchEvent(new Event('change')); }",
                    chosen.isoformat())
    expect(received_box).to_have_value(chosen.isoformat())
    expect(received_box).to_be_focused()

    page.get_by_role("button", name="Save request").click()
    expect(page).to_have_url(re.compile(rf"/requests/{request.id}(#.*)?$"))
    fresh_session()
    assert db.session.get(RecordsRequest, request.id).received_on == chosen


@pytest.mark.parametrize("context, script", [
    ({"java_script_enabled": False}, None),
    ({}, "delete HTMLInputElement.prototype.showPicker"),
], ids=["javascript-off", "no-showPicker"])
def test_no_dead_button_where_the_picker_cannot_open(
        live_server, new_context, make_user, make_agency, make_request, context, script):
    user = make_user()
    request = make_request(user, agency=make_agency(jurisdiction="CA"),
                           sent_on=local_today("CA") - timedelta(days=10))
    browser_context = new_context(**US, **context)
    if script:
        browser_context.add_init_script(script)
    page = browser_context.new_page()
    log_in(page, live_server, user.email)
    page.goto(f"{live_server}/requests/{request.id}/edit")
    expect(page.get_by_label("Date sent", exact=True)).to_have_attribute("placeholder", "YYYY-MM-DD")
    expect(page.locator("input[data-iso-date]")).to_have_count(2)
    expect(page.get_by_role("button", name=re.compile("Choose date"))).to_have_count(0)
