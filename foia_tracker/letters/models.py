"""Advocacy letters that cite evidence items in footnotes."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db_types import UTCDateTime, utcnow
from ..evidence.models import EvidenceItem
from ..extensions import db
from ..users.models import User


class LetterCitation(db.Model):
    """An evidence item a letter cites, with its footnote number (order of first citation)."""

    letter_id: Mapped[int] = mapped_column(
        ForeignKey("letter.id", ondelete="CASCADE"), primary_key=True)
    evidence_item_id: Mapped[int] = mapped_column(
        ForeignKey("evidence_item.id"), primary_key=True, index=True)
    number: Mapped[int]

    evidence_item: Mapped[EvidenceItem] = relationship()


class Letter(db.Model):
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    addressee: Mapped[str] = mapped_column(Text, default="")
    letter_date: Mapped[date]
    #: Markdown; evidence items are cited inline as [@E12].
    body: Mapped[str] = mapped_column(Text, default="")
    #: One signatory per line.
    signatories: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    created_by: Mapped[User | None] = relationship()
    citations: Mapped[list[LetterCitation]] = relationship(
        cascade="all, delete-orphan", order_by=LetterCitation.number)

    @property
    def audit_label(self) -> str:
        return self.title

    def __str__(self) -> str:
        return self.title
