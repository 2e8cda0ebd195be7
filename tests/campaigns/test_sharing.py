"""Linking shares a request's metadata; sharing an item makes its document readable; no more."""

import re
from datetime import date

from sqlalchemy import select

from foia_tracker.audit.models import AuditEvent
from foia_tracker.campaigns.models import Campaign, CampaignRequest, CampaignShare
from foia_tracker.campaigns.models import CampaignMember
from foia_tracker.campaigns.services import campaign_create, campaign_leave, request_link
from foia_tracker.extensions import db

from ..conftest import csrf_token


def test_a_member_downloads_a_shared_document_and_not_an_unshared_one(client, coalition,
                                                                      shared_evidence, login):
    shared, kept = shared_evidence
    login(coalition.fl_editor)
    base = f"/campaigns/{coalition.campaign_id}/documents"
    response = client.get(f"{base}/{shared.document_id}/download")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert response.headers["Content-Security-Policy"] == "sandbox"
    assert client.get(f"{base}/{kept.document_id}/download").status_code == 404
    # The owner's own routes stay the owner's.
    assert client.get(f"/documents/{shared.document_id}").status_code == 404
    assert client.get(f"/documents/{shared.document_id}/download").status_code == 404
    assert client.get(f"/evidence/{shared.id}").status_code == 404
    assert client.get(f"/requests/{shared.document.request_id}").status_code == 404


def test_the_campaign_page_shows_metadata_and_shared_items_only(client, coalition,
                                                                shared_evidence, login):
    shared, kept = shared_evidence
    login(coalition.fl_editor)
    page = client.get(f"/campaigns/{coalition.campaign_id}")
    assert page.status_code == 200
    reference = shared.document.request.reference
    assert reference in page.text and kept.document.request.reference in page.text
    assert "ACLU of Georgia" in page.text
    assert "Atlanta police face search log." in page.text and "12,000 searches" in page.text
    assert "Internal memo, not shared." not in page.text
    assert f"[@E{shared.id}]" in page.text


def test_each_linked_request_shows_its_documents_and_those_shared(client, coalition,
                                                                 shared_evidence, login):
    shared, kept = shared_evidence
    login(coalition.fl_editor)
    page = client.get(f"/campaigns/{coalition.campaign_id}").text

    def counts(request_id: int) -> tuple[str, str]:
        row = re.search(rf'<tr id="linked-{request_id}">(.*?)</tr>', page, re.S).group(1)
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        return cells[-2], cells[-1]  # documents received, evidence shared

    assert counts(shared.document.request_id) == ("1", "1")
    assert counts(kept.document.request_id) == ("1", "0")


def test_non_members_get_404_on_every_campaign_route(client, coalition, shared_evidence, login):
    shared, _ = shared_evidence
    share = db.session.scalar(select(CampaignShare))
    login(coalition.tx_admin)
    cid = coalition.campaign_id
    for path in (f"/campaigns/{cid}", f"/campaigns/{cid}/documents/{shared.document_id}/download"):
        assert client.get(path).status_code == 404, path
    token = csrf_token(client, "/campaigns/")
    for path in (f"/campaigns/{cid}/invitations", f"/campaigns/{cid}/accept",
                 f"/campaigns/{cid}/decline", f"/campaigns/{cid}/leave",
                 f"/campaigns/{cid}/shares", f"/campaigns/{cid}/shares/{share.id}/revoke",
                 f"/campaigns/{cid}/requests/{shared.document.request_id}/unlink"):
        assert client.post(path, data={"csrf_token": token, "organisation_code": "TX",
                                       "item_ids": str(shared.id)}).status_code == 404, path
    assert "Face recognition 2018" not in client.get("/campaigns/").text
    assert db.session.get(CampaignShare, share.id) is not None


def test_a_member_of_campaign_b_sees_nothing_of_campaign_a(client, coalition, shared_evidence,
                                                          login):
    shared, _ = shared_evidence
    other = campaign_create(organisation_id=coalition.tx_admin.organisation_id,
                            actor=coalition.tx_admin, values={
                                "title": "Drones", "description": "", "technologies": "",
                                "started_on": shared.document.uploaded_at.date()})
    login(coalition.tx_admin)
    assert client.get(f"/campaigns/{other.id}").status_code == 200
    assert client.get(f"/campaigns/{other.id}/documents/{shared.document_id}/download").status_code == 404
    assert client.get(f"/campaigns/{coalition.campaign_id}").status_code == 404


def test_leaving_ends_access_at_once_for_both_sides(client, coalition, shared_evidence, login):
    shared, _ = shared_evidence
    login(coalition.fl_editor)
    url = f"/campaigns/{coalition.campaign_id}/documents/{shared.document_id}/download"
    assert client.get(url).status_code == 200
    campaign_leave(membership=db.session.get(
        CampaignMember, (coalition.campaign_id, coalition.ga_admin.organisation_id)))
    assert client.get(url).status_code == 404
    page = client.get(f"/campaigns/{coalition.campaign_id}")
    assert shared.document.request.reference not in page.text


def test_an_editor_links_a_request_from_its_page(client, coalition, make_request, login):
    login(coalition.ga_editor)
    request = make_request(coalition.ga_editor, title="Atlanta face search")
    page = client.get(f"/requests/{request.id}")
    assert "Link to campaign" in page.text
    response = client.post(f"/campaigns/requests/{request.id}", data={
        "campaign_id": str(coalition.campaign_id), "csrf_token": csrf_token(client, f"/requests/{request.id}")})
    assert response.status_code == 302
    assert db.session.get(CampaignRequest, (coalition.campaign_id, request.id)) is not None
    page = client.get(f"/requests/{request.id}").text
    # Listed as linked, with its Unlink form, and no longer offered (it was the only campaign).
    assert (f'<a href="/campaigns/{coalition.campaign_id}">Face recognition 2018</a>' in page
            and f'action="/campaigns/{coalition.campaign_id}/requests/{request.id}/unlink"'
            in page)
    assert "Link to campaign" not in page


def test_no_one_links_another_organisations_request(client, coalition, make_request, login):
    request = make_request(coalition.tx_admin, title="Houston")
    login(coalition.ga_editor)
    response = client.post(f"/campaigns/requests/{request.id}", data={
        "campaign_id": str(coalition.campaign_id), "csrf_token": csrf_token(client, "/campaigns/")})
    assert response.status_code == 404
    assert db.session.scalar(select(CampaignRequest)) is None


def test_bulk_link_from_a_filtered_request_list(client, coalition, make_request, make_agency,
                                                login):
    atlanta = make_agency("Atlanta Police Department", jurisdiction="GA")
    for title in ("Face search A", "Face search B"):
        make_request(coalition.ga_editor, agency=atlanta, title=title)
    make_request(coalition.ga_editor, title="Something else")
    login(coalition.ga_editor)
    listing = client.get(f"/requests/?agency={atlanta.id}")
    assert "Link all 2 listed request(s)" in listing.text
    response = client.post("/campaigns/link-requests", data={
        "campaign_id": str(coalition.campaign_id), "filters": f"agency={atlanta.id}",
        "csrf_token": csrf_token(client, "/requests/")})
    assert response.status_code == 302
    linked = db.session.scalars(select(CampaignRequest)).all()
    assert sorted(link.request.title for link in linked) == ["Face search A", "Face search B"]
    assert client.post("/campaigns/link-requests", data={
        "campaign_id": str(coalition.campaign_id), "filters": "sent_from=2024-02-30",
        "csrf_token": csrf_token(client, "/requests/")}).status_code == 400


def test_share_and_revoke_are_audited(client, coalition, make_evidence, login):
    item = make_evidence(coalition.ga_editor, description="Contract page")
    campaign = db.session.get(Campaign, coalition.campaign_id)
    db.session.add(CampaignRequest(campaign=campaign, request_id=item.document.request_id,
                                   organisation_id=item.organisation_id))
    db.session.commit()
    login(coalition.ga_editor)
    url = f"/campaigns/{coalition.campaign_id}"
    response = client.post(f"{url}/shares", data={"item_ids": str(item.id),
                                                  "csrf_token": csrf_token(client, url)})
    assert response.status_code == 302
    share = db.session.scalar(select(CampaignShare))
    assert share.document_id == item.document_id
    response = client.post(f"{url}/shares/{share.id}/revoke",
                           data={"csrf_token": csrf_token(client, url)})
    assert response.status_code == 302
    assert db.session.scalar(select(CampaignShare)) is None
    reasons = db.session.scalars(select(AuditEvent.reason).where(
        AuditEvent.object_type == "CampaignShare").order_by(AuditEvent.id)).all()
    assert reasons == ["evidence shared", "share revoked"]


def test_items_of_unlinked_requests_or_of_others_cannot_be_shared(client, coalition,
                                                                   make_evidence, login):
    unlinked = make_evidence(coalition.ga_editor)
    login(coalition.ga_editor)
    url = f"/campaigns/{coalition.campaign_id}"
    response = client.post(f"{url}/shares", data={"item_ids": str(unlinked.id),
                                                  "csrf_token": csrf_token(client, url)})
    assert response.status_code == 400 and "not a valid choice" in response.text
    assert db.session.scalar(select(CampaignShare)) is None


def test_a_member_cannot_revoke_anothers_share(client, coalition, shared_evidence, login):
    share = db.session.scalar(select(CampaignShare))
    login(coalition.fl_editor)
    url = f"/campaigns/{coalition.campaign_id}"
    assert client.post(f"{url}/shares/{share.id}/revoke",
                       data={"csrf_token": csrf_token(client, url)}).status_code == 404
    assert db.session.get(CampaignShare, share.id) is not None


def test_a_viewer_cannot_share(client, coalition, shared_evidence, make_user, login):
    from foia_tracker.users.models import Role

    _, kept = shared_evidence
    viewer = login(make_user(Role.viewer, organisation=coalition.ga_editor.organisation))
    url = f"/campaigns/{coalition.campaign_id}"
    assert client.post(f"{url}/shares", data={"item_ids": str(kept.id),
                                              "csrf_token": csrf_token(client, url)}).status_code == 403
    del viewer


def test_the_page_shows_who_still_waits_on_which_agency_per_state(client, coalition,
                                                                  make_request, make_agency,
                                                                  login):
    campaign = db.session.get(Campaign, coalition.campaign_id)
    orlando = make_agency("Orlando Police Department", jurisdiction="FL")
    atlanta = make_agency("Atlanta Police Department", jurisdiction="GA")
    waiting = make_request(coalition.fl_editor, agency=orlando, sent_on=date(2018, 5, 2))
    answered = make_request(coalition.ga_editor, agency=atlanta)  # a draft: nobody waits yet
    request_link(campaign=campaign, request=waiting, actor=coalition.fl_editor)
    request_link(campaign=campaign, request=answered, actor=coalition.ga_editor)
    login(coalition.ga_editor)
    page = client.get(f"/campaigns/{coalition.campaign_id}")
    section = page.text.split('id="waiting"')[1].split("</section>")[0]
    assert "<h3>Florida</h3>" in section and "Orlando Police Department" in section
    assert "ACLU of Florida" in section and "Atlanta Police Department" not in section
    assert "overdue" in page.text  # sent in 2018: long past its deadline
    only_georgia = client.get(f"/campaigns/{coalition.campaign_id}?state=GA")
    table = only_georgia.text.split('class="campaign-requests"')[1].split("</table>")[0]
    assert answered.reference in table and waiting.reference not in table
    assert client.get(f"/campaigns/{coalition.campaign_id}?state=XX").status_code == 400


def test_a_shared_item_is_not_deleted_until_its_share_is_revoked(client, coalition,
                                                                 shared_evidence, login):
    shared, _ = shared_evidence
    login(coalition.ga_editor)
    path = f"/evidence/{shared.id}"
    response = client.post(f"{path}/delete", data={"csrf_token": csrf_token(client, path)})
    assert response.status_code == 409
    assert "the campaign “Face recognition 2018” shares it" in response.text
    db.session.expire_all()
    assert db.session.get(CampaignShare, db.session.scalar(select(CampaignShare.id))) is not None


def test_the_campaign_page_reads_shared_items_in_a_fixed_number_of_queries(
        client, coalition, shared_evidence, make_evidence, login, count_queries):
    # Every shared row names its organisation and exhibit: loaded one by one, a campaign with
    # 250 shared items ran 300 statements a view.
    from foia_tracker.campaigns.sharing import evidence_share

    campaign = db.session.get(Campaign, coalition.campaign_id)
    login(coalition.fl_editor)
    db.session.expire_all()
    with count_queries() as one_shared:
        assert client.get(f"/campaigns/{campaign.id}").status_code == 200
    items = [make_evidence(coalition.ga_editor, description=f"Log {n}.") for n in range(4)]
    for item in items:
        request_link(campaign=campaign, request=item.document.request, actor=coalition.ga_editor)
    evidence_share(campaign=campaign, items=items, actor=coalition.ga_editor)
    db.session.expire_all()
    with count_queries() as five_shared:
        page = client.get(f"/campaigns/{campaign.id}")
    assert page.status_code == 200 and "Log 3." in page.text
    assert len(five_shared) == len(one_shared)
