"""Phones (390 px): key columns in view, wide tables that say they scroll, long names that wrap,
and a request page whose secondary forms start folded."""

from datetime import timedelta

from playwright.sync_api import expect

from foia_tracker.web.dates import local_today

from .conftest import PHONE, assert_fits_phone, log_in

LONG_NAME = "Rekognition_" + "service_order_and_statement_of_work_" * 4 + "final.pdf"


def within_screen(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_key_columns_stay_in_view_and_long_names_wrap(
        live_server, new_context, make_user, make_request, make_document, tmp_path):
    user = make_user()
    overdue = make_request(user, title="Jail phone contracts",
                           sent_on=local_today("OR") - timedelta(days=60))
    document = make_document(overdue, b"%PDF-1.4 tiny", name=LONG_NAME)
    page = new_context(viewport=PHONE).new_page()
    log_in(page, live_server, user.email)

    row = page.locator("table.requests tbody tr").first
    expect(row.locator("td.deadline")).to_contain_text("overdue")
    assert within_screen(row.locator("td.deadline")), "Next deadline is off the screen"
    overdue_cell = page.locator("table.followups td[data-label=Overdue]").first
    expect(overdue_cell).to_contain_text("days")
    assert within_screen(overdue_cell), "Overdue is off the screen"

    assert_fits_phone(page, f"{live_server}/documents/{document.id}", tmp_path / "document.png")
    assert_fits_phone(page, f"{live_server}/requests/{overdue.id}", tmp_path / "request.png")
    name_cell = page.locator("table.documents td.filename")
    expect(name_cell).to_contain_text("final.pdf")
    assert within_screen(name_cell)


def test_request_page_folds_its_forms_on_a_phone_and_not_on_a_laptop(
        live_server, new_context, make_user, make_request):
    user = make_user()
    records_request = make_request(user, sent_on=local_today("OR"))
    url = f"{live_server}/requests/{records_request.id}"
    phone = new_context(viewport=PHONE).new_page()
    log_in(phone, live_server, user.email)
    phone.goto(url)
    kind = phone.locator("#log-communication").get_by_label("Kind", exact=True)
    expect(kind).to_be_hidden()
    expect(phone.locator("#upload-documents").get_by_label("Files", exact=True)).to_be_hidden()
    phone.get_by_role("heading", name="Log a communication").click()
    expect(kind).to_be_visible()

    laptop = new_context(viewport={"width": 1366, "height": 900}).new_page()
    log_in(laptop, live_server, user.email)
    laptop.goto(url)
    expect(laptop.locator("#log-communication").get_by_label("Kind", exact=True)).to_be_visible()


def test_a_table_wider_than_the_phone_says_it_scrolls(live_server, new_context, make_user):
    user = make_user()
    page = new_context(viewport=PHONE).new_page()
    log_in(page, live_server, user.email)
    page.goto(f"{live_server}/evidence/purchases")
    wrap = page.locator(".table-wrap:has(table.purchases)")
    expect(wrap).to_have_class("table-wrap is-scrollable")
    expect(page.get_by_text("Scroll the table sideways for more columns")).to_be_visible()
    expect(wrap).to_have_attribute("tabindex", "0")
    widths = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert widths[0] <= widths[1]
