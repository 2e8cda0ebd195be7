"""Campaigns: an admin creates one, invites affiliates by code, they accept or decline."""

import pytest
from sqlalchemy import select

from foia_tracker.audit.models import AuditEvent
from foia_tracker.campaigns.models import Campaign, CampaignMember, MembershipStatus
from foia_tracker.campaigns.services import campaign_invite
from foia_tracker.extensions import db
from foia_tracker.users.models import Role

from ..conftest import csrf_token


def test_an_admin_creates_a_campaign_and_leads_it(client, make_user, login):
    admin = login(make_user(Role.admin))
    response = client.post("/campaigns/new", data={
        "title": "Face recognition 2018", "description": "Three states.",
        "technologies": "Face recognition, Drones, Face recognition", "started_on": "2018-05-01",
        "csrf_token": csrf_token(client, "/campaigns/new")})
    assert response.status_code == 302
    campaign = db.session.scalar(select(Campaign))
    assert campaign.lead_organisation_id == admin.organisation_id
    assert campaign.technologies == "Face recognition, Drones"
    page = client.get(response.location)
    assert "Face recognition 2018" in page.text and "lead" in page.text


def test_an_editor_cannot_create_a_campaign(client, make_user, login):
    login(make_user(Role.editor))
    assert client.get("/campaigns/new").status_code == 403


def test_a_bad_start_date_is_refused_with_a_message(client, make_user, login):
    login(make_user(Role.admin))
    response = client.post("/campaigns/new", data={
        "title": "X", "started_on": "2018-02-30", "csrf_token": csrf_token(client, "/campaigns/new")})
    assert response.status_code == 400 and "February 2018 has 28 days: there is no 2018-02-30." in response.text
    assert db.session.scalar(select(Campaign)) is None


def test_invite_by_code_is_audited(client, coalition, make_organisation, login):
    make_organisation("ACLU of Alabama", "AL")
    login(coalition.fl_admin)
    url = f"/campaigns/{coalition.campaign_id}"
    response = client.post(f"{url}/invitations", data={
        "organisation_code": "al", "csrf_token": csrf_token(client, url)})
    assert response.status_code == 302
    membership = db.session.scalar(select(CampaignMember).where(
        CampaignMember.status == MembershipStatus.invited))
    assert membership.organisation.code == "AL"
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "CampaignMember", AuditEvent.reason == "organisation invited",
        AuditEvent.object_label.contains("Alabama")))
    assert [event.actor_id for event in events] == [coalition.fl_admin.id]


@pytest.fixture
def alabama(coalition, make_organisation):
    """Return Alabama, invited to the campaign."""
    organisation = make_organisation("ACLU of Alabama", "AL")
    campaign_invite(campaign=db.session.get(Campaign, coalition.campaign_id),
                    organisation_code="AL", actor=coalition.fl_admin)
    return organisation


def test_invited_admin_accepts_and_sees_the_campaign(client, coalition, alabama, make_user, login):
    login(make_user(Role.admin, organisation=alabama))
    url = f"/campaigns/{coalition.campaign_id}"
    assert client.get(url).status_code == 404  # invited is not a member yet
    index = client.get("/campaigns/")
    assert "Face recognition 2018" in index.text and "Accept" in index.text
    response = client.post(f"{url}/accept", data={"csrf_token": csrf_token(client, "/campaigns/")})
    assert response.status_code == 302
    assert client.get(url).status_code == 200
    assert client.post(f"{url}/accept", data={
        "csrf_token": csrf_token(client, "/campaigns/")}).status_code == 404


def test_invited_admin_declines(client, coalition, alabama, make_user, login):
    login(make_user(Role.admin, organisation=alabama))
    url = f"/campaigns/{coalition.campaign_id}"
    assert client.post(f"{url}/decline", data={
        "csrf_token": csrf_token(client, "/campaigns/")}).status_code == 302
    db.session.expire_all()
    membership = db.session.get(CampaignMember, (coalition.campaign_id, alabama.id))
    assert membership.status == MembershipStatus.declined
    assert client.get(url).status_code == 404


def test_an_editor_of_the_invited_organisation_cannot_answer(client, coalition, alabama,
                                                            make_user, login):
    login(make_user(Role.editor, organisation=alabama))
    response = client.post(f"/campaigns/{coalition.campaign_id}/accept",
                           data={"csrf_token": csrf_token(client, "/campaigns/")})
    assert response.status_code == 403


def test_an_unknown_code_or_a_member_is_refused_with_a_message(client, coalition, login):
    login(coalition.fl_admin)
    url = f"/campaigns/{coalition.campaign_id}"
    unknown = client.post(f"{url}/invitations", data={
        "organisation_code": "ZZ", "csrf_token": csrf_token(client, url)})
    assert unknown.status_code == 422 and "No organisation of this installation has the code ZZ" in unknown.text
    again = client.post(f"{url}/invitations", data={
        "organisation_code": "GA", "csrf_token": csrf_token(client, url)})
    assert again.status_code == 409 and "ACLU of Georgia is already a member." in again.text


def test_only_the_lead_invites(client, coalition, login):
    login(coalition.ga_admin)
    url = f"/campaigns/{coalition.campaign_id}"
    response = client.post(f"{url}/invitations", data={
        "organisation_code": "TX", "csrf_token": csrf_token(client, url)})
    assert response.status_code == 404


def test_the_lead_is_listed_first_then_the_members_by_name(client, coalition, make_organisation,
                                                           login):
    # Alabama sorts before Florida, the lead; Georgia after it.
    alabama = make_organisation("ACLU of Alabama", "AL")
    campaign = db.session.get(Campaign, coalition.campaign_id)
    campaign_invite(campaign=campaign, organisation_code="AL", actor=coalition.fl_admin)
    login(coalition.ga_editor)
    page = client.get(f"/campaigns/{coalition.campaign_id}").text
    order = [page.index(f'id="member-{organisation_id}"') for organisation_id in (
        coalition.fl_admin.organisation_id, alabama.id, coalition.ga_admin.organisation_id)]
    assert order == sorted(order)
