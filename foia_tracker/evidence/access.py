"""Look-ups scoped to the current user's organisation: another's evidence is a 404."""

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from ..campaigns.grants import shared_item
from ..campaigns.models import Campaign, CampaignShare
from ..coalition_letters.models import CampaignLetter, CampaignLetterCitation
from ..documents.models import Document
from ..extensions import db
from ..letters.models import Letter, LetterCitation
from .models import EvidenceItem


def owned_document_or_404(document_id: int) -> Document:
    """Return the document if it is the current organisation's and not deleted."""
    document = db.session.get(Document, document_id)
    if (document is None or document.organisation_id != current_user.organisation_id
            or document.is_deleted):
        abort(404)
    return document


def owned_item_or_404(item_id: int) -> EvidenceItem:
    """Return the evidence item if it is the current organisation's and its document stands."""
    item = db.session.get(EvidenceItem, item_id)
    if (item is None or item.organisation_id != current_user.organisation_id
            or item.document.is_deleted):
        abort(404)
    return item


def shared_item_or_404(campaign_id: int, item_id: int) -> EvidenceItem:
    """Return an evidence item shared into a campaign we are a member of (read only)."""
    item = shared_item(campaign_id=campaign_id, item_id=item_id,
                       reader_id=current_user.organisation_id)
    if item is None:
        abort(404)
    return item


def citing_letters(item: EvidenceItem) -> list[Letter]:
    """Return the letters that cite the item, by title."""
    return list(db.session.scalars(
        select(Letter).join(LetterCitation, LetterCitation.letter_id == Letter.id)
        .where(LetterCitation.evidence_item_id == item.id,
               Letter.organisation_id == item.organisation_id)
        .order_by(Letter.title, Letter.id)))


def campaign_uses(item: EvidenceItem) -> list[str]:
    """Name the campaigns the item is shared into and the coalition letters that cite it."""
    campaigns = db.session.scalars(
        select(Campaign.title).join(CampaignShare, CampaignShare.campaign_id == Campaign.id)
        .where(CampaignShare.evidence_item_id == item.id).order_by(Campaign.title))
    letters = db.session.scalars(
        select(CampaignLetter.title)
        .join(CampaignLetterCitation, CampaignLetterCitation.letter_id == CampaignLetter.id)
        .where(CampaignLetterCitation.evidence_item_id == item.id).order_by(CampaignLetter.title))
    return ([f"the campaign “{title}” shares it" for title in campaigns]
            + [f"the coalition letter “{title}” cites it" for title in letters])


def items_of_document(document: Document) -> list[EvidenceItem]:
    """Return the evidence items marked on a document, in page order."""
    return list(db.session.scalars(
        select(EvidenceItem).where(EvidenceItem.document_id == document.id,
                                   EvidenceItem.organisation_id == document.organisation_id)
        .order_by(EvidenceItem.page_from.asc().nulls_first(), EvidenceItem.id)))
