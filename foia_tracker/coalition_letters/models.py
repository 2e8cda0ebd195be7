"""A campaign's letters, their citations, the organisations that sign them, and their freeze."""

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..campaigns.models import Campaign
from ..db_types import UTCDateTime, utcnow
from ..evidence.models import EvidenceItem
from ..extensions import db
from ..orgs.models import Organisation
from ..users.models import User


class CampaignLetterCitation(db.Model):
    """An evidence item a coalition letter cites, with its footnote number."""

    letter_id: Mapped[int] = mapped_column(
        ForeignKey("campaign_letter.id", ondelete="CASCADE"), primary_key=True)
    evidence_item_id: Mapped[int] = mapped_column(
        ForeignKey("evidence_item.id"), primary_key=True, index=True)
    number: Mapped[int]

    evidence_item: Mapped[EvidenceItem] = relationship()


class CampaignLetterSignature(db.Model):
    """A member organisation signing the letter, confirmed by one of its admins."""

    __audited__ = True

    letter_id: Mapped[int] = mapped_column(
        ForeignKey("campaign_letter.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), primary_key=True)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship()
    confirmed_by: Mapped[User | None] = relationship()

    @property
    def audit_label(self) -> str:
        return f"{self.organisation.name} signs letter {self.letter_id}"


class CampaignLetter(db.Model):
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"),
                                             index=True)
    #: The organisation whose editors write and change the letter.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    title: Mapped[str] = mapped_column(String(200))
    addressee: Mapped[str] = mapped_column(Text, default="")
    letter_date: Mapped[date]
    #: Markdown; shared evidence items are cited inline as [@E12].
    body: Mapped[str] = mapped_column(Text, default="")
    #: People who sign, one per line (organisations sign through CampaignLetterSignature).
    signatories: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    #: Set once: the letter is final and `frozen` holds everything its exports print.
    finalised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finalised_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    #: {"signatories": [...], "rows": [{export row fields}, ...]} as at finalisation.
    frozen: Mapped[dict | None] = mapped_column(JSON)

    campaign: Mapped[Campaign] = relationship()
    citations: Mapped[list[CampaignLetterCitation]] = relationship(
        cascade="all, delete-orphan", order_by=CampaignLetterCitation.number)
    signatures: Mapped[list[CampaignLetterSignature]] = relationship(
        cascade="all, delete-orphan", order_by=CampaignLetterSignature.confirmed_at)

    @property
    def is_final(self) -> bool:
        return self.finalised_at is not None

    @property
    def audit_label(self) -> str:
        return self.title

    def __str__(self) -> str:
        return self.title
