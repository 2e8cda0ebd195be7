"""The lead's admin removes a member organisation: the same effects as if it had left."""

import io
import subprocess
import time
import zipfile

import pytest
from sqlalchemy import func, select

from foia_tracker.audit.models import AuditEvent
from foia_tracker.campaigns.models import Campaign, CampaignMember, MembershipStatus
from foia_tracker.campaigns.services import campaign_invite, campaign_leave, request_link
from foia_tracker.campaigns.sharing import evidence_share
from foia_tracker.coalition_letters.models import CampaignLetter, CampaignLetterSignature
from foia_tracker.coalition_letters.services import (campaign_letter_create,
                                                     campaign_letter_finalise, campaign_letter_sign)
from foia_tracker.extensions import db

from ..conftest import csrf_token

REASON = "removed by the lead organisation"


@pytest.fixture
def login(client, login):
    """Log in as a user, logging out whoever was logged in first."""

    def switch(user):
        if client.get("/login").status_code == 302:
            client.post("/logout", data={"csrf_token": csrf_token(client, "/dashboard")})
        return login(user)

    return switch


@pytest.fixture
def letters(coalition, shared_evidence, make_evidence, make_release, make_agency):
    """Florida shares an item too; two letters cite both shares, Georgia signs both, one is final.

    Return (draft, final).
    """
    campaign = db.session.get(Campaign, coalition.campaign_id)
    document = make_release(coalition.fl_editor,
                            agency=make_agency("Orlando Police Department", jurisdiction="FL"))
    florida = make_evidence(coalition.fl_editor, document=document, description="Orlando contract")
    request_link(campaign=campaign, request=document.request, actor=coalition.fl_editor)
    evidence_share(campaign=campaign, items=[florida], actor=coalition.fl_editor)
    georgia = shared_evidence[0]
    made = []
    for title in ("Draft", "Final"):
        letter = campaign_letter_create(campaign=campaign, actor=coalition.fl_editor, values={
            "title": title, "addressee": "", "letter_date": document.uploaded_at.date(),
            "body": f"Orlando.[@E{florida.id}] Atlanta.[@E{georgia.id}]",
            "signatories": "Jane Doe"})
        campaign_letter_sign(letter=letter, actor=coalition.ga_admin)
        made.append(letter)
    campaign_letter_finalise(letter=made[1], actor=coalition.fl_admin)
    return made[0].id, made[1].id


def _remove(client, coalition, organisation_id: int):
    url = f"/campaigns/{coalition.campaign_id}"
    return client.post(f"{url}/members/{organisation_id}/remove",
                       data={"csrf_token": csrf_token(client, url)})


def _status(coalition, organisation_id: int) -> MembershipStatus | None:
    db.session.expire_all()
    membership = db.session.get(CampaignMember, (coalition.campaign_id, organisation_id))
    return membership.status if membership else None


def _audit_count() -> int:
    return db.session.scalar(select(func.count(AuditEvent.id)))


def test_the_lead_admin_sees_remove_for_each_member_but_its_own(client, coalition, login):
    login(coalition.fl_admin)
    page = client.get(f"/campaigns/{coalition.campaign_id}").text
    base = f"/campaigns/{coalition.campaign_id}/members"
    assert f'action="{base}/{coalition.ga_admin.organisation_id}/remove"' in page
    assert f'action="{base}/{coalition.fl_admin.organisation_id}/remove"' not in page
    assert 'data-confirm="Remove ACLU of Georgia from “Face recognition 2018”?' in page
    for other in (coalition.fl_editor, coalition.ga_admin, coalition.ga_editor):
        login(other)
        assert "/remove" not in client.get(f"/campaigns/{coalition.campaign_id}").text


def test_removal_ends_access_at_once_for_both_sides(client, coalition, shared_evidence, login):
    shared, _ = shared_evidence
    cid, georgia = coalition.campaign_id, coalition.ga_admin.organisation_id
    download = f"/campaigns/{cid}/documents/{shared.document_id}/download"
    florida_page = f"/campaigns/{cid}"
    login(coalition.fl_editor)
    assert client.get(download).status_code == 200
    assert shared.document.request.reference in client.get(florida_page).text
    login(coalition.ga_editor)
    assert client.get(download).status_code == 200

    login(coalition.fl_admin)
    response = _remove(client, coalition, georgia)
    assert response.status_code == 302
    assert "Removed ACLU of Georgia from" in client.get(response.location).text
    assert _status(coalition, georgia) == MembershipStatus.left

    for user in (coalition.ga_admin, coalition.ga_editor):
        login(user)
        assert client.get(f"/campaigns/{cid}").status_code == 404
        assert client.get(download).status_code == 404
        assert client.get(f"/campaigns/{cid}/export/csv").status_code == 404
        assert "Face recognition 2018" not in client.get("/campaigns/").text
    login(coalition.fl_editor)
    assert client.get(download).status_code == 404
    page = client.get(florida_page).text
    assert shared.document.request.reference not in page
    assert "Atlanta police face search log." not in page
    assert b"Atlanta police" not in client.get(f"/campaigns/{cid}/export/csv").data


def test_removal_is_audited_with_who_removed_whom(client, coalition, login):
    login(coalition.fl_admin)
    assert _remove(client, coalition, coalition.ga_admin.organisation_id).status_code == 302
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "CampaignMember", AuditEvent.reason == REASON)).all()
    assert [(e.actor_id, e.organisation_id, e.object_label, e.changes["status"])
            for e in events] == [(coalition.fl_admin.id, coalition.ga_admin.organisation_id,
                                  "Face recognition 2018: ACLU of Georgia", ["member", "left"])]


def test_a_final_letter_is_unchanged_and_a_draft_loses_the_removed_signature_and_sources(
        client, coalition, letters, login, tmp_path):
    draft_id, final_id = letters
    letter_url = f"/campaigns/{coalition.campaign_id}/letters"
    login(coalition.fl_admin)
    before = client.get(f"{letter_url}/{final_id}/export/zip").data
    time.sleep(2.1)  # ZIP entries keep time to two seconds: a later export must still match

    assert _remove(client, coalition, coalition.ga_admin.organisation_id).status_code == 302

    after = client.get(f"{letter_url}/{final_id}/export/zip").data
    assert after == before
    with zipfile.ZipFile(io.BytesIO(after)) as bundle:
        bundle.extractall(tmp_path)
        assert "ACLU of Georgia" in bundle.read("manifest.csv").decode("utf-8-sig")
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path, capture_output=True,
                           text=True)
    assert check.returncode == 0 and check.stdout.count(": OK") == 3, check.stdout + check.stderr
    final_page = client.get(f"{letter_url}/{final_id}").text
    assert "ACLU of Georgia" in final_page  # signed and cited, frozen when made final
    assert "Withdrawn" not in final_page

    draft_page = client.get(f"{letter_url}/{draft_id}").text
    assert "Withdrawn: this record is no longer shared into the campaign." in draft_page
    assert "ACLU of Georgia" not in draft_page
    signed = db.session.scalars(select(CampaignLetterSignature.letter_id).where(
        CampaignLetterSignature.organisation_id == coalition.ga_admin.organisation_id)).all()
    assert signed == [final_id]
    withdrawn = db.session.scalars(select(AuditEvent.reason).where(
        AuditEvent.object_type == "CampaignLetterSignature", AuditEvent.action == "deleted")).all()
    assert withdrawn == [f"signature withdrawn: {REASON}"]
    refused = client.post(f"{letter_url}/{draft_id}/finalise",
                          data={"csrf_token": csrf_token(client, f"{letter_url}/{draft_id}")})
    assert refused.status_code == 409 and "no longer shared" in refused.text


def test_leaving_has_the_same_effect_on_signatures(coalition, letters):
    draft_id, final_id = letters
    campaign_leave(membership=db.session.get(
        CampaignMember, (coalition.campaign_id, coalition.ga_admin.organisation_id)))
    assert db.session.scalars(select(CampaignLetterSignature.letter_id).where(
        CampaignLetterSignature.organisation_id == coalition.ga_admin.organisation_id)
    ).all() == [final_id]
    assert "ACLU of Georgia" in db.session.get(CampaignLetter, final_id).frozen["text"]["signatories"]


@pytest.mark.parametrize("who, status", [("ga_admin", 404), ("ga_editor", 403),
                                         ("fl_editor", 403), ("tx_admin", 404)])
def test_only_the_leads_admins_remove(client, coalition, shared_evidence, login, who, status):
    login(getattr(coalition, who))
    before = _audit_count()
    token = csrf_token(client, "/campaigns/")
    for organisation_id in (coalition.ga_admin.organisation_id,
                            coalition.fl_admin.organisation_id):
        response = client.post(
            f"/campaigns/{coalition.campaign_id}/members/{organisation_id}/remove",
            data={"csrf_token": token})
        assert response.status_code == status, organisation_id
    assert _status(coalition, coalition.ga_admin.organisation_id) == MembershipStatus.member
    assert _status(coalition, coalition.fl_admin.organisation_id) == MembershipStatus.member
    assert _audit_count() == before


def test_removal_without_a_csrf_token_is_refused(client, coalition, login):
    login(coalition.fl_admin)
    response = client.post(f"/campaigns/{coalition.campaign_id}/members/"
                           f"{coalition.ga_admin.organisation_id}/remove")
    assert response.status_code == 400
    assert _status(coalition, coalition.ga_admin.organisation_id) == MembershipStatus.member


def test_hostile_removals_say_why_and_write_nothing(client, coalition, make_organisation,
                                                    login):
    alabama = make_organisation("ACLU of Alabama", "AL")
    campaign_invite(campaign=db.session.get(Campaign, coalition.campaign_id),
                    organisation_code="AL", actor=coalition.fl_admin)
    texas = coalition.tx_admin.organisation_id
    login(coalition.fl_admin)
    before = _audit_count()
    cases = [
        (999_999, 404, "No organisation with this id was ever invited to this campaign."),
        (texas, 404, "No organisation with this id was ever invited to this campaign."),
        (coalition.fl_admin.organisation_id, 409,
         "The lead organisation cannot remove itself from its campaign."),
        (alabama.id, 409, "ACLU of Alabama is not a member of this campaign (its place: invited)"),
    ]
    for organisation_id, status, message in cases:
        response = _remove(client, coalition, organisation_id)
        assert response.status_code == status, organisation_id
        assert message in response.text, organisation_id
    assert _audit_count() == before
    assert _status(coalition, alabama.id) == MembershipStatus.invited
    assert _status(coalition, texas) is None
    url = f"/campaigns/{coalition.campaign_id}/members/2147483648/remove"
    assert client.post(url, data={"csrf_token": csrf_token(client, "/campaigns/")}).status_code == 404

    assert _remove(client, coalition, coalition.ga_admin.organisation_id).status_code == 302
    removed = _audit_count()
    again = _remove(client, coalition, coalition.ga_admin.organisation_id)
    assert again.status_code == 409
    assert "ACLU of Georgia is not a member of this campaign (its place: left)" in again.text
    assert _audit_count() == removed
