"""Records requests, their technology tags and agency tracking numbers."""

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Column, Enum, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..agencies.models import Agency
from ..communications.status import Status
from ..db_types import UTCDateTime, utcnow
from ..extensions import db
from ..orgs.models import Organisation
from ..users.models import User


class Channel(enum.Enum):
    email = "E-mail"
    portal = "Portal"
    mail = "Postal mail"
    fax = "Fax"
    in_person = "In person"


#: The surveillance technologies offered as ready-made tags.
STANDARD_TECHNOLOGIES = (
    "Face recognition",
    "Automated licence-plate readers",
    "Cell-site simulators",
    "Body-worn cameras",
    "Social-media monitoring",
    "Drones",
    "Gunshot detection",
    "Predictive policing",
    "Video surveillance",
    "Fusion centers",
)

request_tag = Table(
    "request_tag",
    db.metadata,
    Column("request_id", ForeignKey("records_request.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True),
    # Covering (tag, request): a technology filter reads its requests from the index alone.
    Index("ix_request_tag_tag_request", "tag_id", "request_id"),
)


request_watcher = Table(
    "request_watcher",
    db.metadata,
    Column("request_id", ForeignKey("records_request.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Tag(db.Model):
    """A technology tag; each organisation keeps its own so free tags never leak across."""

    __table_args__ = (UniqueConstraint("organisation_id", "name", name="uq_tag_organisation_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    name: Mapped[str] = mapped_column(String(60))

    def __str__(self) -> str:
        return self.name


class TrackingNumber(db.Model):
    """A number the agency gave the request; agencies often give several."""

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("records_request.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[str] = mapped_column(String(100))

    def __str__(self) -> str:
        return self.value


class RecordsRequest(db.Model):
    __audited__ = True
    __audit_collections__ = ("tags", "tracking_numbers", "watchers")
    __table_args__ = (
        UniqueConstraint("organisation_id", "year", "number", name="uq_request_number"),
        # Covering for the status filters: "open + technology" and the dashboard's counts read
        # the due date, id and live documents from the index (an index-only scan on PostgreSQL)
        # instead of 1,400 heap pages.
        Index("ix_request_org_status_due", "organisation_id", "status", "next_due_on", "id",
              "live_document_count"),
        Index("ix_request_org_sent", "organisation_id", "sent_on"),
        Index("ix_request_org_updated", "organisation_id", "updated_at"),
        Index("ix_request_org_next_due", "organisation_id", "next_due_on"),
        # The list of one agency's requests (links from agency pages): with organisation_id
        # alone SQLite walks the whole organisation in date order to find them.
        Index("ix_request_org_agency", "organisation_id", "agency_id"),
        # The dashboard: one user's requests, most urgent first, read in order.
        Index("ix_request_org_assignee_due", "organisation_id", "assignee_id", "next_due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    #: Year and per-organisation sequence that make the citable reference, e.g. OR-2026-0042.
    year: Mapped[int]
    number: Mapped[int]
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    #: Empty while the request is a draft.
    sent_on: Mapped[date | None]
    channel: Mapped[Channel | None] = mapped_column(Enum(Channel, native_enum=False, length=16))
    #: When the agency received it; the statutory clocks run from here.
    received_on: Mapped[date | None]
    status: Mapped[Status] = mapped_column(
        Enum(Status, native_enum=False, length=32), default=Status.draft
    )
    #: {clock name: due date (ISO) or None while it waits for an event}, as last computed.
    deadlines: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    #: The next date that needs attention (statutory, or policy where the law sets none).
    next_due_on: Mapped[date | None]
    #: Which clock next_due_on belongs to, e.g. "response" or "followup".
    next_clock: Mapped[str | None] = mapped_column(String(32))
    #: The agency's own latest estimated date of answer, from the timeline.
    estimated_on: Mapped[date | None] = mapped_column(index=True)
    #: How many of its documents are not deleted: kept by the database's own triggers
    #: (documents.live_counts) on every insert, delete and change of a document, never written
    #: by the app. "Awaiting documents" is a zero here instead of a probe per request.
    live_document_count: Mapped[int] = mapped_column(default=0, server_default="0")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship()
    agency: Mapped[Agency] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    tags: Mapped[list[Tag]] = relationship(secondary=request_tag, order_by=Tag.name)
    #: Colleagues who get this request's deadline alerts besides the assignee.
    watchers: Mapped[list[User]] = relationship(secondary=request_watcher, order_by=User.name)
    tracking_numbers: Mapped[list[TrackingNumber]] = relationship(
        cascade="all, delete-orphan", order_by=TrackingNumber.id
    )
    communications: Mapped[list["Communication"]] = relationship(  # noqa: F821
        back_populates="request", cascade="all, delete-orphan",
        order_by="(Communication.occurred_on, Communication.id)",
    )

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def audit_label(self) -> str:
        # Mid-flush the organisation relationship may not be loaded yet.
        return f"{self.year}-{self.number:04d} {self.title}"

    @property
    def reference(self) -> str:
        return self.format_reference(self.organisation.code, self.year, self.number)

    @staticmethod
    def format_reference(organisation_code: str, year: int, number: int) -> str:
        """Return the citable reference, e.g. OR-2026-0042, from its parts (for plain rows)."""
        return f"{organisation_code}-{year}-{number:04d}"
