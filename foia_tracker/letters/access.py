"""Look-ups scoped to the current user's organisation: another's letters are a 404."""

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, func, select
from sqlalchemy.orm import contains_eager

from ..documents.models import Document
from ..evidence.models import EvidenceItem
from ..evidence.query import EvidenceFilters, evidence_items_query
from ..extensions import db
from ..records.models import RecordsRequest
from .models import Letter, LetterCitation

#: The editor lists this many items; the text filter finds older ones.
MAX_PICKER_ITEMS = 50


def owned_letter_or_404(letter_id: int) -> Letter:
    """Return the letter if it belongs to the current user's organisation."""
    letter = db.session.get(Letter, letter_id)
    if letter is None or letter.organisation_id != current_user.organisation_id:
        abort(404)
    return letter


def organisation_letters_query() -> Select:
    """Return the current organisation's letters, newest first."""
    return (select(Letter).where(Letter.organisation_id == current_user.organisation_id)
            .order_by(Letter.letter_date.desc(), Letter.id.desc()))


def citation_counts(letter_ids: list[int]) -> dict[int, int]:
    """Return {letter id: number of evidence items it cites} for a page of letters."""
    if not letter_ids:
        return {}
    return dict(db.session.execute(
        select(LetterCitation.letter_id, func.count())
        .where(LetterCitation.letter_id.in_(letter_ids))
        .group_by(LetterCitation.letter_id)).all())


def citable_evidence(text: str, *, limit: int = MAX_PICKER_ITEMS) -> list[EvidenceItem]:
    """Return the organisation's most recent citable evidence items matching the text."""
    query = (evidence_items_query(current_user.organisation_id,
                                  EvidenceFilters(text=text, sort="created"))
             .options(contains_eager(EvidenceItem.document)
                      .contains_eager(Document.request)
                      .contains_eager(RecordsRequest.agency))
             .limit(limit))
    return list(db.session.scalars(query))
