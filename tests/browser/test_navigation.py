"""The main navigation: grouped, the current page marked, one row on a laptop, a menu on phones."""

import re

from playwright.sync_api import expect

from foia_tracker.users.models import Role
from foia_tracker.web.dates import local_today

from .conftest import PHONE, log_in

LAPTOP = {"width": 1366, "height": 900}
#: Links other areas add to the groups (mail intake, campaigns): the row must hold them too.
COMING_LINKS = ("Inbox", "Mailboxes", "Campaigns")


def nav(page):
    return page.get_by_role("navigation", name="Main")


def header_height(page) -> float:
    return page.locator(".site-header").bounding_box()["height"]


def test_grouped_navigation_marks_the_current_page_on_one_laptop_row(
        live_server, new_context, make_user, make_request):
    admin = make_user(role=Role.admin)
    records_request = make_request(admin, sent_on=local_today("OR"))
    page = new_context(viewport=LAPTOP).new_page()
    log_in(page, live_server, admin.email)

    expect(nav(page).get_by_role("link", name="Dashboard")).to_have_attribute("aria-current", "page")
    daily = nav(page).get_by_role("list", name="Daily work")
    daily_links = daily.get_by_role("link").all_inner_texts()
    assert all(name in daily_links for name in ("Dashboard", "Requests", "Follow-ups", "Agencies",
                                                "Search")), daily_links
    assert "Users" not in daily_links and "Evidence" not in daily_links
    # Other areas' links join a group; with them all the header still holds one row.
    page.evaluate("""names => names.forEach(name => {
        if ([...document.querySelectorAll('.site-nav a')].some(a => a.textContent === name)) return;
        const item = document.createElement('li');
        item.innerHTML = '<a href="#">' + name + '</a>';
        document.querySelector('.site-nav > .nav-group').append(item); })""", list(COMING_LINKS))
    tops = {round(box["y"]) for box in (link.bounding_box() for link in
            page.locator(".site-nav > .nav-group a").all())}
    assert len(tops) == 1, f"navigation wraps at 1366 px: rows at {sorted(tops)}"
    assert header_height(page) < 64
    widths = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert widths[0] <= widths[1], f"the header overflows at 1366 px: {widths}"

    page.goto(f"{live_server}/requests/{records_request.id}")
    expect(nav(page).get_by_role("link", name="Requests")).to_have_attribute("aria-current", "true")
    expect(nav(page).get_by_role("link", name="Dashboard")).not_to_have_attribute("aria-current", re.compile("."))

    users = nav(page).get_by_role("link", name="Users")
    expect(users).to_be_hidden()
    nav(page).get_by_text("Administration").click()
    users.click()
    expect(page).to_have_url(re.compile(r"/admin/users$"))
    expect(nav(page).get_by_role("link", name="Users", include_hidden=True)).to_have_attribute(
        "aria-current", "page")
    expect(page.locator(".nav-admin > summary")).to_have_class("current")

    nav(page).get_by_text(admin.name).click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Log out")).to_be_hidden()


def test_phone_menu_opens_the_navigation_with_and_without_javascript(
        live_server, new_context, make_user):
    user = make_user(role=Role.editor)
    for javascript in (True, False):
        page = new_context(viewport=PHONE, java_script_enabled=javascript).new_page()
        log_in(page, live_server, user.email)
        requests_link = nav(page).get_by_role("link", name="Requests")
        expect(requests_link).to_be_hidden()
        assert header_height(page) < 70, "the closed menu takes one short row"
        page.get_by_role("link" if not javascript else "button", name="Menu").click()
        if javascript:
            expect(page.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "true")
        requests_link.click()
        expect(page).to_have_url(re.compile(r"/requests/$"))
        expect(nav(page).get_by_role("link", name="Requests")).to_be_hidden()
