"""The rule of what crosses an organisation's line through a campaign, and nothing more.

An organisation reads another's object through campaign C only when:
- both organisations are members of C now (invited, declined or left gives nothing);
- for a request's metadata: the request is linked to C;
- for a document or evidence item: an evidence item on that document is shared into C by its
  own organisation, and the document is not deleted.
Write access never crosses: every change goes through the owner's own look-ups.
"""

from functools import cache

from sqlalchemy import Select, and_, bindparam, exists, select
from sqlalchemy.orm import contains_eager

from ..documents.models import Document
from ..evidence.models import EvidenceItem
from ..extensions import db
from ..records.models import RecordsRequest
from .models import Campaign, CampaignMember, CampaignShare, MembershipStatus


def member_ids(campaign_id: int) -> Select:
    """Return a SELECT of the ids of the campaign's member organisations."""
    return select(CampaignMember.organisation_id).where(
        CampaignMember.campaign_id == campaign_id,
        CampaignMember.status == MembershipStatus.member)


def is_member(campaign_id: int, organisation_id: int) -> bool:
    """Return whether the organisation is a member of the campaign now."""
    return db.session.scalar(_is_member_statement(), {
        "campaign_id": campaign_id, "organisation_id": organisation_id}) or False


@cache
def _is_member_statement() -> Select:
    # Built once: every campaign page and shared document checks it.
    return select(exists().where(
        CampaignMember.campaign_id == bindparam("campaign_id"),
        CampaignMember.organisation_id == bindparam("organisation_id"),
        CampaignMember.status == MembershipStatus.member))


def member_campaign(campaign_id: int, organisation_id: int) -> Campaign | None:
    """Return the campaign if the organisation is a member of it."""
    if not is_member(campaign_id, organisation_id):
        return None
    return db.session.get(Campaign, campaign_id)


def _live_share(campaign_id: int, reader_id: int):
    """The condition that a share of campaign C is in force for the reader."""
    return and_(CampaignShare.campaign_id == campaign_id,
                CampaignShare.organisation_id.in_(member_ids(campaign_id)),
                exists(member_ids(campaign_id).where(
                    CampaignMember.organisation_id == reader_id)))


def shared_document(*, campaign_id: int, document_id: int, reader_id: int) -> Document | None:
    """Return the document if an item on it is shared into the campaign for this reader."""
    return db.session.scalar(
        select(Document).where(Document.id == document_id,
                               *_document_shared(campaign_id, reader_id))
        .limit(1))


def shared_document_ids(campaign_id: int, reader_id: int | None = None) -> Select:
    """Return a SELECT of the ids of the documents shared into the campaign and readable now.

    Without a reader (the command line), the shares of the campaign's current members.
    """
    # From the campaign's shares (a few hundred) to their documents: the same conditions as
    # _document_shared, but asked of every document they would scan all of them.
    in_force = (_live_share(campaign_id, reader_id) if reader_id is not None else and_(
        CampaignShare.campaign_id == campaign_id,
        CampaignShare.organisation_id.in_(member_ids(campaign_id))))
    return (select(CampaignShare.document_id)
            .join(EvidenceItem, EvidenceItem.id == CampaignShare.evidence_item_id)
            .join(Document, Document.id == CampaignShare.document_id)
            .where(in_force, EvidenceItem.document_id == Document.id,
                   Document.organisation_id == CampaignShare.organisation_id,
                   EvidenceItem.organisation_id == CampaignShare.organisation_id,
                   Document.deleted_at.is_(None)))


def _document_shared(campaign_id: int, reader_id: int) -> list:
    """The conditions that a share makes its (live) document readable through the campaign."""
    return [exists().where(
        CampaignShare.document_id == Document.id, _live_share(campaign_id, reader_id),
        EvidenceItem.id == CampaignShare.evidence_item_id,
        EvidenceItem.document_id == Document.id,
        Document.organisation_id == CampaignShare.organisation_id,
        EvidenceItem.organisation_id == CampaignShare.organisation_id),
        Document.deleted_at.is_(None)]


def shared_item(*, campaign_id: int, item_id: int, reader_id: int) -> EvidenceItem | None:
    """Return the evidence item if it is shared into the campaign for this reader."""
    return db.session.scalar(
        select(EvidenceItem)
        .join(CampaignShare, CampaignShare.evidence_item_id == EvidenceItem.id)
        .join(Document, EvidenceItem.document_id == Document.id)
        .where(EvidenceItem.id == item_id, Document.deleted_at.is_(None),
               EvidenceItem.organisation_id == CampaignShare.organisation_id,
               _live_share(campaign_id, reader_id)))


def shared_items_query(campaign_id: int) -> Select:
    """Return the items shared into the campaign by its current members, oldest share first."""
    return (select(EvidenceItem, CampaignShare)
            .join(CampaignShare, CampaignShare.evidence_item_id == EvidenceItem.id)
            .join(Document, EvidenceItem.document_id == Document.id)
            .where(CampaignShare.campaign_id == campaign_id, Document.deleted_at.is_(None),
                   CampaignShare.organisation_id.in_(member_ids(campaign_id)))
            .order_by(CampaignShare.shared_at, CampaignShare.id))


def shared_items(campaign_id: int) -> list:
    """Return (item, share) rows of shared_items_query, each with its document, request and
    organisation loaded in the same query (the pages name them for every row)."""
    return db.session.execute(shared_items_query(campaign_id).options(
        contains_eager(EvidenceItem.document).joinedload(Document.request)
        .joinedload(RecordsRequest.organisation))).all()


def shared_share_ids(campaign_id: int) -> Select:
    """Return a SELECT of the ids of the shares in force, in the order of shared_items_query."""
    return shared_items_query(campaign_id).with_only_columns(
        CampaignShare.id, maintain_column_froms=False)


def shared_item_ids(campaign_id: int) -> Select:
    """Return a SELECT of the ids of the items shared into the campaign and in force now."""
    return shared_items_query(campaign_id).with_only_columns(
        EvidenceItem.id, maintain_column_froms=False).order_by(None)
