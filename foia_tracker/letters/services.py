"""Use-cases for letters: write one, change it, delete it; its citations follow its body."""

from collections.abc import Callable

from sqlalchemy import select

from ..documents.models import Document
from ..evidence.models import EvidenceItem
from ..extensions import db
from ..users.models import User
from .citations import citation_code, footnote_numbers
from .models import Letter, LetterCitation

#: Bounds the look-up of cited items; no real letter cites more sources than this.
MAX_CITED_ITEMS = 1000


class CitationsRefused(Exception):
    """The body cites something that is not citable evidence of the organisation."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def letter_create(*, organisation_id: int, actor: User, values: dict) -> Letter:
    """Save a new letter and its citations, or raise CitationsRefused and save nothing."""
    numbers = _checked_numbers(organisation_id, values["body"])
    letter = Letter(organisation_id=organisation_id, created_by=actor, **values)
    letter.audit_reason = "letter written"
    set_citations(letter, numbers)
    db.session.add(letter)
    db.session.commit()
    return letter


def letter_update(*, letter: Letter, values: dict) -> None:
    """Change a letter and replace its citations, or raise CitationsRefused and save nothing."""
    numbers = _checked_numbers(letter.organisation_id, values["body"])
    for key, value in values.items():
        setattr(letter, key, value)
    letter.audit_reason = "letter changed"
    set_citations(letter, numbers)
    db.session.commit()


def letter_delete(*, letter: Letter) -> None:
    """Delete a letter (its citations go with it; the evidence items stay)."""
    letter.audit_reason = "letter deleted"
    db.session.delete(letter)
    db.session.commit()


def _checked_numbers(organisation_id: int, body: str) -> dict[int, int]:
    return checked_numbers(body, lambda ids: _citable_ids(organisation_id, ids),
                           "does not match an evidence item of your organisation.")


def checked_numbers(body: str, citable_ids: Callable[[list[int]], set[int]],
                    refusal: str) -> dict[int, int]:
    """Return {evidence item id: footnote number} once citable_ids accepts every citation."""
    numbers = footnote_numbers(body)
    if len(numbers) > MAX_CITED_ITEMS:
        raise CitationsRefused([f"Cite at most {MAX_CITED_ITEMS} different evidence items."])
    citable = citable_ids(list(numbers))
    unknown = [item_id for item_id in numbers if item_id not in citable]
    if unknown:
        raise CitationsRefused([f"{citation_code(item_id)} {refusal}" for item_id in unknown])
    return numbers


def _citable_ids(organisation_id: int, item_ids: list[int]) -> set[int]:
    # An item of a soft-deleted document is withdrawn evidence: it cannot be cited anew.
    if not item_ids:
        return set()
    return set(db.session.scalars(
        select(EvidenceItem.id)
        .join(Document, EvidenceItem.document_id == Document.id)
        .where(EvidenceItem.id.in_(item_ids), EvidenceItem.organisation_id == organisation_id,
               Document.organisation_id == organisation_id, Document.deleted_at.is_(None))))


def set_citations(letter, numbers: dict[int, int], citation_type=LetterCitation) -> None:
    """Make the letter's citation rows match its body, keeping rows that are still cited."""
    existing = {citation.evidence_item_id: citation for citation in letter.citations}
    kept = []
    for item_id, number in numbers.items():
        citation = existing.get(item_id) or citation_type(evidence_item_id=item_id)
        citation.number = number
        kept.append(citation)
    # delete-orphan removes the rows no longer cited, in the same flush.
    letter.citations = sorted(kept, key=lambda citation: citation.number)
