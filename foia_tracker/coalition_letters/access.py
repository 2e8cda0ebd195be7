"""Look-ups of coalition letters: members read them, the writing organisation edits them."""

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from .models import CampaignLetter, CampaignLetterSignature


def campaign_letter_or_404(campaign_id: int, letter_id: int) -> CampaignLetter:
    """Return a letter of the campaign (the caller checked membership of the campaign)."""
    letter = db.session.get(CampaignLetter, letter_id)
    if letter is None or letter.campaign_id != campaign_id:
        abort(404)
    return letter


def own_campaign_letter_or_404(campaign_id: int, letter_id: int) -> CampaignLetter:
    """Return a letter of the campaign that the current organisation writes."""
    letter = campaign_letter_or_404(campaign_id, letter_id)
    if letter.organisation_id != current_user.organisation_id:
        abort(404)
    return letter


def campaign_letters(campaign_id: int) -> list[CampaignLetter]:
    """Return the campaign's letters, newest first."""
    return list(db.session.scalars(
        select(CampaignLetter).where(CampaignLetter.campaign_id == campaign_id)
        .order_by(CampaignLetter.letter_date.desc(), CampaignLetter.id.desc())))


def signed_organisation_ids(letter: CampaignLetter) -> set[int]:
    """Return the ids of the organisations that signed the letter."""
    return set(db.session.scalars(select(CampaignLetterSignature.organisation_id).where(
        CampaignLetterSignature.letter_id == letter.id)))
