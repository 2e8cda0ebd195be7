"""Use-cases for evidence items: mark an excerpt, change it, delete it while nothing cites it."""

from sqlalchemy.exc import IntegrityError

from ..documents.models import Document
from ..extensions import db
from ..users.models import User
from .access import campaign_uses, citing_letters
from .chart_totals import chart_share_of, chart_totals_change
from .models import EvidenceItem
from .totals import share_of, totals_change


class EvidenceCited(Exception):
    """The item is cited by letters, whose footnotes would lose their source, or shared."""

    def __init__(self, titles: list[str], campaign_uses: list[str] = ()):
        super().__init__("Cited by " + ", ".join(titles))
        self.titles = titles
        #: "the campaign “X” shares it", "the coalition letter “Y” cites it".
        self.campaign_uses = list(campaign_uses)


def evidence_item_create(*, document: Document, actor: User, values: dict) -> EvidenceItem:
    """Mark an excerpt of the document as evidence."""
    item = EvidenceItem(organisation_id=document.organisation_id, document=document,
                        created_by=actor, **values)
    item.audit_reason = "evidence marked"
    db.session.add(item)
    totals_change(None, share_of(item))
    chart_totals_change(None, chart_share_of(item))
    db.session.commit()
    return item


def evidence_item_update(*, item: EvidenceItem, values: dict) -> None:
    """Change an evidence item's excerpt, description or facts."""
    before, chart_before = share_of(item), chart_share_of(item)
    for key, value in values.items():
        setattr(item, key, value)
    item.audit_reason = "evidence changed"
    totals_change(before, share_of(item))
    chart_totals_change(chart_before, chart_share_of(item))
    db.session.commit()


def evidence_item_delete(*, item: EvidenceItem) -> None:
    """Delete an evidence item; raise EvidenceCited (nothing deleted) while a letter cites it."""
    letters = citing_letters(item)
    uses = campaign_uses(item)
    if letters or uses:
        raise EvidenceCited([letter.title for letter in letters], uses)
    item.audit_reason = "evidence deleted"
    totals_change(share_of(item), None)
    chart_totals_change(chart_share_of(item), None)
    db.session.delete(item)
    try:
        db.session.commit()
    except IntegrityError:
        # A letter cited it between the check and the delete: the foreign key refused.
        db.session.rollback()
        raise EvidenceCited([letter.title for letter in citing_letters(item)]) from None
