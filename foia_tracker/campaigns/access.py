"""Look-ups for campaign pages: a campaign we are not a member of is a 404, like another's data."""

from functools import cache

from flask import abort
from flask_login import current_user
from sqlalchemy import Row, Select, bindparam, select
from sqlalchemy.orm import contains_eager

from ..evidence.models import EvidenceItem
from ..documents.models import Document
from ..extensions import db
from ..records.models import RecordsRequest
from .grants import member_campaign
from .models import Campaign, CampaignMember, CampaignRequest, CampaignShare, MembershipStatus


def member_campaign_or_404(campaign_id: int) -> Campaign:
    """Return the campaign if the current organisation is a member of it now."""
    campaign = member_campaign(campaign_id, current_user.organisation_id)
    if campaign is None:
        abort(404)
    return campaign


def led_campaign_or_404(campaign_id: int) -> Campaign:
    """Return the campaign if the current organisation leads it (and so invites others)."""
    campaign = member_campaign_or_404(campaign_id)
    if campaign.lead_organisation_id != current_user.organisation_id:
        abort(404)
    return campaign


def own_membership_or_404(campaign_id: int, status: MembershipStatus) -> CampaignMember:
    """Return the current organisation's membership in this state (an invitation, a place)."""
    membership = db.session.get(CampaignMember, (campaign_id, current_user.organisation_id))
    if membership is None or membership.status != status:
        abort(404)
    return membership


def own_memberships() -> list[CampaignMember]:
    """Return the current organisation's campaigns and pending invitations, newest first."""
    return list(db.session.scalars(
        select(CampaignMember).join(Campaign)
        .where(CampaignMember.organisation_id == current_user.organisation_id,
               CampaignMember.status.in_((MembershipStatus.member, MembershipStatus.invited)))
        .order_by(Campaign.started_on.desc(), Campaign.id.desc())))


def member_campaigns() -> list[Row]:
    """Return (id, title) of the campaigns the current organisation is a member of, by title."""
    return db.session.execute(_member_campaigns_statement(),
                              {"organisation_id": current_user.organisation_id}).all()


def campaigns_of_request(request: RecordsRequest) -> list[Row]:
    """Return (id, title, is_linked) of each of its organisation's campaigns.

    By title: the request page shows the linked ones and offers the others.
    """
    return db.session.execute(_campaigns_of_request_statement(), {
        "request_id": request.id, "organisation_id": request.organisation_id}).all()


# Built once, with parameters: every request list and request page runs them, and building
# one cost twice as much as running it. Only the columns their link forms show: loading whole
# campaigns (a description each) was a third of a look-up's time.
@cache
def _member_campaigns_statement() -> Select:
    return (select(Campaign.id, Campaign.title).join(CampaignMember)
            .where(CampaignMember.organisation_id == bindparam("organisation_id"),
                   CampaignMember.status == MembershipStatus.member)
            .order_by(Campaign.title, Campaign.id))


@cache
def _campaigns_of_request_statement() -> Select:
    # One statement for the links and the choices: on PostgreSQL each costs a round trip.
    is_linked = CampaignRequest.request_id.is_not(None).label("is_linked")
    return (select(Campaign.id, Campaign.title, is_linked).join(CampaignMember)
            .outerjoin(CampaignRequest, (CampaignRequest.campaign_id == Campaign.id)
                       & (CampaignRequest.request_id == bindparam("request_id")))
            .where(CampaignMember.organisation_id == bindparam("organisation_id"),
                   CampaignMember.status == MembershipStatus.member)
            .order_by(Campaign.title, Campaign.id))


def own_link_or_404(campaign: Campaign, request_id: int) -> CampaignRequest:
    """Return the link of one of the current organisation's requests to the campaign."""
    link = db.session.get(CampaignRequest, (campaign.id, request_id))
    if link is None or link.organisation_id != current_user.organisation_id:
        abort(404)
    return link


def own_share_or_404(campaign: Campaign, share_id: int) -> CampaignShare:
    """Return a share the current organisation made into the campaign."""
    share = db.session.get(CampaignShare, share_id)
    if (share is None or share.campaign_id != campaign.id
            or share.organisation_id != current_user.organisation_id):
        abort(404)
    return share


def shareable_items_query(campaign: Campaign) -> Select:
    """Return a SELECT of our evidence items on our requests linked to the campaign, not yet
    shared, by exhibit, each with its document (every label names its exhibit)."""
    organisation_id = current_user.organisation_id
    # The documents of our links to the campaign (ix_campaign_request_org, then
    # ix_document_live_request), then their items (ix_evidence_item_document_id). Our links are
    # to our requests, whose documents and items are ours: asking the organisation of each
    # again gave the database an index to start from, all of our items (11,000 at the
    # benchmark's scale), and it took it.
    linked_documents = (
        select(Document.id)
        .join(CampaignRequest, CampaignRequest.request_id == Document.request_id)
        .where(CampaignRequest.campaign_id == campaign.id,
               CampaignRequest.organisation_id == organisation_id,
               Document.deleted_at.is_(None)))
    return (
        select(EvidenceItem).join(Document, EvidenceItem.document_id == Document.id)
        .where(EvidenceItem.document_id.in_(linked_documents),
               EvidenceItem.id.not_in(select(CampaignShare.evidence_item_id).where(
                   CampaignShare.campaign_id == campaign.id)))
        .order_by(Document.exhibit_number, EvidenceItem.id)
        .options(contains_eager(EvidenceItem.document)))


def shareable_items(campaign: Campaign, item_ids: list[int]) -> list[EvidenceItem]:
    """Return those of the given items that we may share into the campaign."""
    if not item_ids:
        return []
    return list(db.session.scalars(
        shareable_items_query(campaign).where(EvidenceItem.id.in_(item_ids))))
