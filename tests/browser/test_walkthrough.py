"""Real-browser walks through the main screens, filling fields by their labels.

Filling by label also checks that every field used has a label tied to it.
"""

import re
from datetime import date, timedelta

from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from foia_tracker.audit.models import AuditEvent
from foia_tracker.communications.models import Communication
from foia_tracker.communications.status import Kind, Status
from foia_tracker.extensions import db
from foia_tracker.records.models import RecordsRequest
from foia_tracker.users.models import Role, User

from ..conftest import PASSWORD
from .conftest import assert_fits_phone, fresh_session, log_in

AGENCY = "Washington County Sheriff's Office"


def label(page: Page, text: str):
    return page.get_by_label(text, exact=True)


def nav(page: Page, name: str):
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


def admin_nav(page: Page, name: str):
    """Open the Administration menu and return its link `name`."""
    page.get_by_role("navigation", name="Main").get_by_text("Administration").click()
    return nav(page, name)


def log_out(page: Page) -> None:
    # Whether the menu button shows depends on the stylesheet: until it has loaded the
    # button is an unstyled link, visible even on a laptop, and folds away a moment later.
    page.wait_for_load_state()
    menu = page.locator(".menu-toggle")
    if menu.is_visible():  # on a phone the account menu is inside the folded navigation
        menu.click()
    page.locator(".account > summary").click()
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("status")).to_contain_text("You are logged out.")


def test_first_run_to_acknowledged_request(live_server, browser_page, tmp_path):
    page = browser_page
    today = date.today()
    sent_on, acknowledged_on = today - timedelta(days=5), today - timedelta(days=2)

    # An empty installation sends everyone to the first-run setup.
    page.goto(live_server)
    expect(page).to_have_url(re.compile(r"/setup$"))
    label(page, "Organisation name").fill("ACLU of Oregon")
    label(page, "Short code").fill("OR")
    label(page, "Your name").fill("Ada Admin")
    label(page, "Your e-mail").fill("ada@example.org")
    label(page, "Password").fill(PASSWORD)
    label(page, "Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Create organisation").click()
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.get_by_role("status")).to_contain_text("Your organisation is ready.")

    log_out(page)
    log_in(page, live_server, "ada@example.org")

    # Agencies → New agency.
    nav(page, "Agencies").click()
    page.get_by_role("link", name="New agency").click()
    label(page, "Name").fill(AGENCY)
    label(page, "Jurisdiction").select_option(label="Oregon")
    label(page, "Level").select_option(label="County")
    label(page, "Kind").select_option(label="Sheriff's office")
    page.get_by_role("button", name="Save agency").click()
    expect(page.get_by_role("status")).to_contain_text(f"Saved {AGENCY}.")
    expect(page.get_by_role("heading", level=1)).to_contain_text(AGENCY)

    # Requests → Log a request.
    nav(page, "Requests").click()
    page.get_by_role("link", name="Log a request").click()
    label(page, "Agency").select_option(label=f"{AGENCY} (OR)")
    label(page, "Title").fill("Face recognition contracts")
    label(page, "Request text").fill("All contracts with face recognition vendors since 2020.")
    label(page, "Face recognition").check()
    label(page, "Date sent").fill(sent_on.isoformat())
    label(page, "Sent by").select_option(label="E-mail")
    page.get_by_role("button", name="Save request").click()
    expect(page).to_have_url(re.compile(r"/requests/\d+$"))
    expect(page.get_by_role("status")).to_contain_text("Logged request OR-")
    expect(page.locator("#request-status")).to_have_text("Sent")
    timeline = page.locator("ol.timeline")
    expect(timeline).to_contain_text("Request sent")
    expect(timeline).to_contain_text(sent_on.isoformat())
    request_url = page.url

    # Log the acknowledgment.
    label(page, "Kind").select_option(label="Acknowledgment")
    # No Direction to choose: a reply is received, and the form hides the field.
    label(page, "Date").fill(acknowledged_on.isoformat())
    label(page, "Summary").fill("Records officer acknowledged by e-mail")
    page.get_by_role("button", name="Log communication").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Logged: Records officer acknowledged by e-mail")
    expect(page.locator("#request-status")).to_have_text("Acknowledged")
    expect(timeline.locator("li.entry")).to_have_count(2)
    expect(timeline).to_contain_text("Acknowledgment")
    expect(timeline).to_contain_text("Records officer acknowledged by e-mail")

    # The server's writes are in the database the test reads.
    fresh_session()
    request = db.session.scalars(select(RecordsRequest)).one()
    assert request.status is Status.acknowledged
    assert [t.name for t in request.tags] == ["Face recognition"]
    assert [(c.kind, c.occurred_on) for c in request.communications] == [
        (Kind.request_sent, sent_on), (Kind.acknowledgment, acknowledged_on)]

    assert_fits_phone(page, request_url, tmp_path / "request-editor-phone.png")
    log_out(page)


def test_viewer_reads_but_cannot_change(live_server, new_context, make_user, make_agency,
                                        make_request, tmp_path):
    admin = make_user(role=Role.admin, email="admin@example.org")
    request = make_request(admin, agency=make_agency(name=AGENCY),
                           title="Licence-plate reader data", sent_on=date.today() - timedelta(days=3))
    request_id, organisation_id = request.id, admin.organisation_id
    request_url = f"{live_server}/requests/{request_id}"

    # The admin invites a viewer through Users → Invite a user.
    admin_page = new_context().new_page()
    log_in(admin_page, live_server, "admin@example.org")
    admin_nav(admin_page, "Users").click()
    label(admin_page, "Name").fill("Vera Viewer")
    label(admin_page, "E-mail").fill("vera@example.org")
    label(admin_page, "Role").select_option(label="Viewer")
    admin_page.get_by_role("button", name="Create invitation").click()
    expect(admin_page.get_by_role("heading", level=1)).to_have_text("Invitation for Vera Viewer")
    link = label(admin_page, "Invitation link").input_value()
    assert link.startswith(f"{live_server}/invitation/"), link

    # The viewer, in a browser of their own, chooses a password.
    page = new_context().new_page()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Vera Viewer")
    label(page, "Password").fill("a viewer's long password")
    label(page, "Repeat password").fill("a viewer's long password")
    page.get_by_role("button", name="Set password").click()
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.get_by_role("status")).to_contain_text("Welcome! Your password is set.")
    fresh_session()
    viewer = db.session.scalars(select(User).where(User.email == "vera@example.org")).one()
    assert (viewer.role, viewer.organisation_id) == (Role.viewer, organisation_id)

    # Viewers read everything but are offered no control that changes anything.
    expect(nav(page, "Users")).to_have_count(0)
    nav(page, "Agencies").click()
    expect(page.get_by_role("link", name=AGENCY)).to_be_visible()
    expect(page.get_by_text("New agency")).to_have_count(0)
    nav(page, "Requests").click()
    expect(page.get_by_text("Log a request")).to_have_count(0)
    page.get_by_role("link", name="Licence-plate reader data").click()
    expect(page).to_have_url(request_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Licence-plate reader data")
    expect(page.locator("#request-status")).to_have_text("Sent")
    expect(page.locator("ol.timeline")).to_contain_text("Request sent")
    for control in ("Edit request", "Log a request", "New agency", "Log communication",
                    "Log a communication", "Correct", "Remove"):
        expect(page.get_by_text(control, exact=True)).to_have_count(0)
    expect(page.locator("#log-communication")).to_have_count(0)

    # Posting the communication form anyway, with the viewer's cookies and a valid CSRF token.
    token = page.locator('form[action="/logout"] input[name="csrf_token"]').input_value()
    fresh_session()
    before = _counts(request_id)
    response = page.request.post(
        f"{live_server}/requests/{request_id}/communications/", max_redirects=0, form={
            "csrf_token": token, "kind": "acknowledgment", "direction": "received",
            "occurred_on": date.today().isoformat(), "summary": "Viewer tried to log this",
            "body": ""})
    assert response.status == 403, response.text()
    assert "This needs the editor role." in response.text()
    fresh_session()
    assert _counts(request_id) == before
    assert db.session.get(RecordsRequest, request_id).status is Status.sent

    assert_fits_phone(page, request_url, tmp_path / "request-viewer-phone.png")
    log_out(page)


def _counts(request_id: int) -> dict:
    return {
        "communications": db.session.scalar(select(func.count()).select_from(Communication)
                                            .where(Communication.request_id == request_id)),
        "audit events": db.session.scalar(select(func.count()).select_from(AuditEvent)),
    }
