"""Sharing evidence into a campaign on purpose, and revoking it; both audited."""

from sqlalchemy import select

from ..coalition_letters.models import CampaignLetter, CampaignLetterCitation
from ..documents.models import Document
from ..evidence.models import EvidenceItem
from ..extensions import db
from ..users.models import User
from .errors import CampaignRefused
from .models import Campaign, CampaignRequest, CampaignShare


def evidence_share(*, campaign: Campaign, items: list[EvidenceItem], actor: User) -> int:
    """Share the chosen items (of the organisation's linked requests); return how many are new."""
    linked = set(db.session.scalars(select(CampaignRequest.request_id).where(
        CampaignRequest.campaign_id == campaign.id,
        CampaignRequest.organisation_id == actor.organisation_id)))
    already = set(db.session.scalars(select(CampaignShare.evidence_item_id).where(
        CampaignShare.campaign_id == campaign.id)))
    created = 0
    for item in items:
        document: Document = item.document
        if (item.organisation_id != actor.organisation_id or document.is_deleted
                or document.request_id not in linked):
            raise CampaignRefused(f"Evidence {item.id} is not an item of a request your "
                                  "organisation linked to this campaign.", status=422)
        if item.id in already:
            continue
        share = CampaignShare(campaign=campaign, evidence_item_id=item.id,
                              organisation_id=item.organisation_id, document_id=document.id,
                              shared_by_id=actor.id)
        share.audit_reason = "evidence shared"
        db.session.add(share)
        already.add(item.id)
        created += 1
    db.session.commit()
    return created


def share_revoke(*, share: CampaignShare) -> None:
    """Revoke a share; refused while a final coalition letter cites the item."""
    shares_revoke(shares=[share])


def shares_revoke(*, shares: list[CampaignShare], commit: bool = True) -> None:
    """Revoke shares, all or none; drafts citing them show the citation as withdrawn."""
    for share in shares:
        titles = final_letters_citing(share)
        if titles:
            raise CampaignRefused(
                f"Evidence {share.evidence_item_id} is cited by the final letter(s) "
                + ", ".join(f"“{title}”" for title in titles) + "; it stays shared.")
    for share in shares:
        share.audit_reason = "share revoked"
        db.session.delete(share)
    if commit:
        db.session.commit()


def final_letters_citing(share: CampaignShare) -> list[str]:
    """Return the titles of the campaign's final letters that cite the shared item."""
    return list(db.session.scalars(
        select(CampaignLetter.title)
        .join(CampaignLetterCitation, CampaignLetterCitation.letter_id == CampaignLetter.id)
        .where(CampaignLetter.campaign_id == share.campaign_id,
               CampaignLetter.finalised_at.is_not(None),
               CampaignLetterCitation.evidence_item_id == share.evidence_item_id)
        .order_by(CampaignLetter.title)))


def shares_of_request(link: CampaignRequest) -> list[CampaignShare]:
    """Return the campaign's shares of items on the linked request's documents."""
    return list(db.session.scalars(
        select(CampaignShare).join(Document, CampaignShare.document_id == Document.id)
        .where(CampaignShare.campaign_id == link.campaign_id,
               Document.request_id == link.request_id)))
