"""A coalition letter as the exports see it: live while a draft, the frozen copy once final."""

from sqlalchemy import select

from ..campaigns.grants import shared_item_ids
from ..exports.rows import campaign_letter_rows
from ..exports.subject import ExportSubject, LetterText
from ..extensions import db
from ..orgs.models import Organisation
from .freeze import row_from_json
from .models import CampaignLetter, CampaignLetterCitation, CampaignLetterSignature


def letter_subject(letter: CampaignLetter) -> ExportSubject:
    """Return the export subject of a coalition letter."""
    campaign = letter.campaign
    common = {"organisation_code": f"campaign-{campaign.id}", "organisation_name": campaign.title,
              "names_organisation": True}
    if letter.is_final:
        frozen = letter.frozen
        return ExportSubject(letter=frozen_text(letter), frozen_at=letter.finalised_at,
                             rows=lambda: (row_from_json(row) for row in frozen["rows"]),
                             **common)
    campaign_id, letter_id = campaign.id, letter.id
    return ExportSubject(letter=draft_text(letter),
                         rows=lambda: campaign_letter_rows(letter_id, shared_item_ids(campaign_id)),
                         **common)


def draft_text(letter: CampaignLetter) -> LetterText:
    """Return the letter's text as it stands, signed by organisations and then people."""
    numbers = dict(db.session.execute(
        select(CampaignLetterCitation.evidence_item_id, CampaignLetterCitation.number)
        .where(CampaignLetterCitation.letter_id == letter.id)).all())
    return LetterText(id=letter.id, title=letter.title, addressee=letter.addressee,
                      letter_date=letter.letter_date, body=letter.body,
                      signatories=signatory_lines(letter), numbers=numbers)


def frozen_text(letter: CampaignLetter) -> LetterText:
    """Return the text frozen when the letter was made final."""
    text = letter.frozen["text"]
    return LetterText(id=letter.id, title=text["title"], addressee=text["addressee"],
                      letter_date=letter.letter_date, body=text["body"],
                      signatories=text["signatories"],
                      numbers={int(item_id): number for item_id, number in text["numbers"].items()})


def signatory_lines(letter: CampaignLetter) -> list[str]:
    """Return the signing organisations by name, then the people, one line each."""
    organisations = db.session.scalars(
        select(Organisation.name)
        .join(CampaignLetterSignature, CampaignLetterSignature.organisation_id == Organisation.id)
        .where(CampaignLetterSignature.letter_id == letter.id).order_by(Organisation.name))
    people = [line.strip() for line in letter.signatories.splitlines() if line.strip()]
    return [*organisations, *people]
