"""Use-cases for coalition letters: write, change, sign for an organisation, make final."""

import dataclasses

from sqlalchemy import select

from ..campaigns.errors import CampaignRefused
from ..campaigns.grants import is_member, shared_item_ids
from ..campaigns.models import Campaign
from ..db_types import utcnow
from ..evidence.models import EvidenceItem
from ..extensions import db
from ..letters.services import checked_numbers, set_citations
from ..users.models import User
from .freeze import row_json
from .models import CampaignLetter, CampaignLetterCitation, CampaignLetterSignature
from .subject import draft_text, letter_subject

NOT_SHARED = "does not match evidence shared into this campaign."


def campaign_letter_create(*, campaign: Campaign, actor: User, values: dict) -> CampaignLetter:
    """Save a new coalition letter, or raise CitationsRefused and save nothing."""
    numbers = _checked(campaign.id, values["body"])
    letter = CampaignLetter(campaign=campaign, organisation_id=actor.organisation_id,
                            created_by_id=actor.id, **values)
    letter.audit_reason = "coalition letter written"
    set_citations(letter, numbers, CampaignLetterCitation)
    db.session.add(letter)
    db.session.commit()
    return letter


def campaign_letter_update(*, letter: CampaignLetter, values: dict) -> None:
    """Change a draft; a citation of an item no longer shared stays, shown as withdrawn."""
    _refuse_if_final(letter)
    kept = {c.evidence_item_id for c in letter.citations}
    numbers = _checked(letter.campaign_id, values["body"], already_cited=kept)
    for key, value in values.items():
        setattr(letter, key, value)
    letter.audit_reason = "coalition letter changed"
    set_citations(letter, numbers, CampaignLetterCitation)
    db.session.commit()


def campaign_letter_sign(*, letter: CampaignLetter, actor: User) -> None:
    """Sign the letter for the admin's organisation, a member of the campaign."""
    _refuse_if_final(letter)
    if not is_member(letter.campaign_id, actor.organisation_id):
        raise CampaignRefused("Only member organisations sign the campaign's letters.", 404)
    if db.session.get(CampaignLetterSignature, (letter.id, actor.organisation_id)) is not None:
        raise CampaignRefused("Your organisation already signed this letter.")
    signature = CampaignLetterSignature(letter_id=letter.id, organisation_id=actor.organisation_id,
                                        confirmed_by_id=actor.id)
    signature.audit_reason = "organisation signed"
    db.session.add(signature)
    db.session.commit()


def campaign_letter_finalise(*, letter: CampaignLetter, actor: User) -> None:
    """Freeze the letter: its text, signatories, citations and the cited documents' hashes."""
    _refuse_if_final(letter)
    text = draft_text(letter)
    rows = [row_json(row) for row in letter_subject(letter).rows()]
    withdrawn = set(text.numbers.values()) - {row["footnote_number"] for row in rows}
    if withdrawn:
        raise CampaignRefused("Notes " + ", ".join(map(str, sorted(withdrawn))) + " cite records "
                              "no longer shared; remove those citations before making it final.")
    letter.frozen = {"text": {**dataclasses.asdict(text), "letter_date": None,
                              "numbers": {str(k): v for k, v in text.numbers.items()}},
                     "rows": rows}
    # To the microsecond: the receipt record of its bundle lists the mail filed before this
    # instant and no later verdict, and both often fall within the same second. (The ZIP
    # stamps its entries to two seconds whatever the precision.)
    letter.finalised_at = utcnow()
    letter.finalised_by_id = actor.id
    letter.audit_reason = "coalition letter made final"
    db.session.commit()


def _refuse_if_final(letter: CampaignLetter) -> None:
    if letter.is_final:
        raise CampaignRefused("This letter is final: its text, signatories and sources are frozen.")


def _checked(campaign_id: int, body: str, already_cited: set[int] = frozenset()) -> dict[int, int]:
    def citable(ids: list[int]) -> set[int]:
        shared = set(db.session.scalars(select(EvidenceItem.id).where(
            EvidenceItem.id.in_(ids), EvidenceItem.id.in_(shared_item_ids(campaign_id)))))
        return shared | (set(ids) & already_cited)

    return checked_numbers(body, citable, NOT_SHARED)
