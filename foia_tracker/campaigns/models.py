"""Campaigns, their member organisations, the requests linked and the evidence shared into them.

A campaign holds grants, never copies: a linked request and a shared evidence item stay owned
(and editable) by their organisation, and each grant counts only while both the owner and the
reader are members.
"""

import enum
from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db_types import UTCDateTime, utcnow
from ..evidence.models import EvidenceItem
from ..extensions import db
from ..orgs.models import Organisation
from ..records.models import RecordsRequest
from ..users.models import User


class MembershipStatus(enum.Enum):
    invited = "Invited"
    member = "Member"
    declined = "Declined"
    left = "Left"


class Campaign(db.Model):
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    #: Comma-separated technology names, e.g. "Face recognition, Drones".
    technologies: Mapped[str] = mapped_column(String(500), default="")
    #: The organisation whose admin created the campaign; it invites the others.
    lead_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    started_on: Mapped[date]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    lead_organisation: Mapped[Organisation] = relationship()

    @property
    def audit_label(self) -> str:
        return self.title

    @property
    def technology_list(self) -> list[str]:
        return [name.strip() for name in self.technologies.split(",") if name.strip()]

    def __str__(self) -> str:
        return self.title


class CampaignMember(db.Model):
    """An organisation's place in a campaign: invited, member, declined or left."""

    __audited__ = True
    __table_args__ = (Index("ix_campaign_member_org", "organisation_id", "status"),)

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), primary_key=True)
    status: Mapped[MembershipStatus] = mapped_column(
        Enum(MembershipStatus, native_enum=False, length=16))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    campaign: Mapped[Campaign] = relationship()
    organisation: Mapped[Organisation] = relationship()

    @property
    def audit_label(self) -> str:
        return f"{self.campaign.title}: {self.organisation.name}"


class CampaignRequest(db.Model):
    """A request linked to a campaign: its metadata (never its documents or notes) is shared."""

    __audited__ = True
    __table_args__ = (Index("ix_campaign_request_org", "campaign_id", "organisation_id"),)

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("records_request.id", ondelete="CASCADE"), primary_key=True, index=True)
    #: The request's organisation, kept here so grants are checked without the request row.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    linked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    campaign: Mapped[Campaign] = relationship()
    request: Mapped[RecordsRequest] = relationship()

    @property
    def audit_label(self) -> str:
        return f"{self.request.reference} in {self.campaign.title}"


class CampaignShare(db.Model):
    """An evidence item shared into a campaign: its document becomes readable to members."""

    __audited__ = True
    __table_args__ = (
        UniqueConstraint("campaign_id", "evidence_item_id", name="uq_campaign_share_item"),
        Index("ix_campaign_share_document", "campaign_id", "document_id"),
        # A document's campaigns, in order: the shared pages' search index reads them.
        Index("ix_campaign_share_document_campaign", "document_id", "campaign_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    evidence_item_id: Mapped[int] = mapped_column(ForeignKey("evidence_item.id"), index=True)
    #: The item's (and document's) organisation: the owner, who alone may revoke the share.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    #: The item's document, so that reading it checks one row.
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"))
    shared_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    shared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    campaign: Mapped[Campaign] = relationship()
    evidence_item: Mapped[EvidenceItem] = relationship()
    shared_by: Mapped[User | None] = relationship()

    @property
    def audit_label(self) -> str:
        return f"Evidence {self.evidence_item_id} in {self.campaign.title}"
