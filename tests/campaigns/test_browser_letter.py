"""In a real browser: two affiliates share, one writes the letter, the other signs, it is final,
and its ZIP bundle checks with sha256sum."""

import subprocess
import zipfile

from playwright.sync_api import expect

from foia_tracker.campaigns.models import Campaign
from foia_tracker.campaigns.services import request_link
from foia_tracker.extensions import db

from ..browser.conftest import browser, live_server, log_in, new_context  # noqa: F401  (fixtures)


def _as(new_context, live_server, user):
    page = new_context(accept_downloads=True).new_page()
    log_in(page, live_server, user.email)
    return page


def test_two_affiliates_share_sign_and_finalise_a_letter(live_server, new_context, coalition,
                                                         make_evidence, make_release, make_agency,
                                                         tmp_path):
    campaign = db.session.get(Campaign, coalition.campaign_id)
    items = {}
    for user, agency, state in ((coalition.fl_editor, "Orlando Police Department", "FL"),
                                (coalition.ga_editor, "Atlanta Police Department", "GA")):
        document = make_release(user, agency=make_agency(agency, jurisdiction=state))
        items[state] = make_evidence(user, document=document, description=f"{agency} contract")
        request_link(campaign=campaign, request=document.request, actor=user)
    campaign_url = f"{live_server}/campaigns/{coalition.campaign_id}"
    for state, user in (("GA", coalition.ga_editor), ("FL", coalition.fl_editor)):
        page = _as(new_context, live_server, user)
        page.goto(campaign_url)
        page.get_by_role("link", name="Share your evidence").click()
        page.locator(f'input[name="item_ids"][value="{items[state].id}"]').check()
        page.get_by_role("button", name="Share chosen items").click()
        expect(page.locator(f"#shared-{items[state].id}")).to_be_visible()

    page.get_by_role("link", name="Write a coalition letter").click()
    page.get_by_label("Title").fill("Face recognition in Florida and Georgia")
    page.get_by_label("Body").fill(f"Orlando bought it.[@E{items['FL'].id}] "
                                   f"Atlanta too.[@E{items['GA'].id}]")
    page.get_by_role("button", name="Save letter").click()
    expect(page.locator("#fn-2")).to_contain_text("to the ACLU of Georgia")
    letter_url = page.url

    georgia = _as(new_context, live_server, coalition.ga_admin)
    georgia.goto(letter_url)
    georgia.get_by_role("button", name="Sign for ACLU of Georgia").click()
    expect(georgia.locator(".signatories")).to_contain_text("ACLU of Georgia")

    florida = _as(new_context, live_server, coalition.fl_admin)
    florida.goto(letter_url)
    florida.get_by_role("button", name="Make final").click()
    expect(florida.get_by_text("Final since")).to_be_visible()
    with florida.expect_download() as download:
        florida.get_by_role("link", name="Evidence bundle (ZIP)").click()
    bundle = tmp_path / "bundle.zip"
    download.value.save_as(bundle)
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(tmp_path / "bundle")
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path / "bundle",
                           capture_output=True, text=True)
    assert check.returncode == 0 and check.stdout.count(": OK") == 3, check.stdout + check.stderr
