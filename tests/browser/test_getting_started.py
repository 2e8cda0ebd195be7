"""A new user's first steps: a favicon, the empty dashboard's way in, and logging from an agency."""

import re

from playwright.sync_api import expect

from .conftest import log_in


def test_from_an_empty_dashboard_to_a_request_logged_from_its_agency(
        live_server, browser_page, make_user, make_agency):
    user = make_user()
    agency = make_agency("Multnomah County Sheriff's Office", jurisdiction="OR")
    make_agency("Another Agency", jurisdiction="OR")
    page = browser_page
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    log_in(page, live_server, user.email)

    icon = page.locator("link[rel=icon]").get_attribute("href")
    response = page.request.get(f"{live_server}{icon}")
    assert response.ok and response.headers["content-type"].startswith("image/svg+xml")

    page.get_by_role("link", name="Add your first agency").click()
    expect(page).to_have_url(re.compile(r"/agencies/new$"))

    page.goto(f"{live_server}/agencies/{agency.id}")
    page.get_by_role("link", name="Log a request to this agency").click()
    expect(page).to_have_url(re.compile(rf"/requests/new\?agency={agency.id}$"))
    expect(page.get_by_label("Agency", exact=True)).to_have_value(str(agency.id))
    page.get_by_label("Title", exact=True).fill("Jail phone contracts")
    page.get_by_label("Request text", exact=True).fill("All contracts for inmate phones.")
    page.get_by_role("button", name="Save request").click()
    expect(page).to_have_url(re.compile(r"/requests/\d+$"))
    expect(page.locator("main")).to_contain_text("Multnomah County Sheriff's Office")
    assert errors == []
