"""In a real browser: removing a member organisation asks first; cancelling keeps it."""

from playwright.sync_api import expect

from foia_tracker.campaigns.models import CampaignMember, MembershipStatus
from foia_tracker.extensions import db

from ..browser.conftest import (browser, browser_page, fresh_session, live_server,  # noqa: F401
                                log_in, new_context)
from ..browser.test_destructive_confirmations import answer_next_dialog


def _georgia(coalition) -> MembershipStatus:
    fresh_session()
    return db.session.get(CampaignMember, (coalition.campaign_id,
                                           coalition.ga_admin.organisation_id)).status


def test_the_lead_admin_removes_a_member_after_confirming(live_server, browser_page, coalition):
    page = browser_page
    log_in(page, live_server, coalition.fl_admin.email)
    page.goto(f"{live_server}/campaigns/{coalition.campaign_id}")
    row = page.locator(f"#member-{coalition.ga_admin.organisation_id}")

    asked = answer_next_dialog(page, accept=False)
    row.get_by_role("button", name="Remove").click()
    expect(row).to_contain_text("Member")
    assert asked and asked[0].startswith("Remove ACLU of Georgia from “Face recognition 2018”?")
    assert _georgia(coalition) == MembershipStatus.member

    answer_next_dialog(page, accept=True)
    row.get_by_role("button", name="Remove").click()
    expect(page.locator(".flash-success")).to_contain_text("Removed ACLU of Georgia")
    expect(row).to_contain_text("Left")
    expect(row.get_by_role("button", name="Remove")).to_have_count(0)
    assert _georgia(coalition) == MembershipStatus.left
