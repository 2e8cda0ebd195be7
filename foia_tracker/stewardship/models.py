"""Suggested changes to shared reference data, waiting for an operator's decision."""

import enum
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Enum, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..agencies.models import Agency
from ..db_types import UTCDateTime, utcnow
from ..extensions import db
from ..orgs.models import Organisation
from ..users.models import User


class SuggestionStatus(enum.Enum):
    pending = "Waiting for review"
    accepted = "Accepted"
    rejected = "Rejected"


class _Decision:
    """Who suggested a change, for which organisation, and what an operator decided."""

    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The suggesting user's organisation, whose admins see the suggestion in their audit log.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    suggested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    status: Mapped[SuggestionStatus] = mapped_column(
        Enum(SuggestionStatus, native_enum=False, length=16), default=SuggestionStatus.pending,
        index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The operator's reason, shown to the suggesting organisation (mostly for a rejection).
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AgencyChangeSuggestion(_Decision, db.Model):
    """A change to an agency that other organisations use, suggested by an editor."""

    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), index=True)
    #: {field: value} as the agency had them when the change was suggested (enums by name).
    old_values: Mapped[dict] = mapped_column(JSON)
    #: {field: value} as suggested; only the fields that differ from old_values.
    new_values: Mapped[dict] = mapped_column(JSON)
    #: Why the app proposed the change itself (a delivery failure), for the reviewer.
    note: Mapped[str] = mapped_column(String(500), default="", server_default="")

    agency: Mapped[Agency] = relationship()
    organisation: Mapped[Organisation] = relationship()
    suggested_by: Mapped[User | None] = relationship(
        foreign_keys="AgencyChangeSuggestion.suggested_by_id")
    decided_by: Mapped[User | None] = relationship(
        foreign_keys="AgencyChangeSuggestion.decided_by_id")

    def __str__(self) -> str:
        return f"Change to {self.agency.name}: {', '.join(sorted(self.new_values))}"


class ClosureSuggestion(_Decision, db.Model):
    """A closure day an organisation's admin suggested, for a jurisdiction or one agency."""

    __table_args__ = (
        CheckConstraint("(jurisdiction IS NULL) != (agency_id IS NULL)", name="one_scope"),
        Index("ix_closure_suggestion_status_on", "status", "closed_on"),
    )

    #: Set for a closure of every office in a jurisdiction, else None.
    jurisdiction: Mapped[str | None] = mapped_column(String(2))
    #: Set for a closure of one agency, else None.
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"))
    closed_on: Mapped[date]
    name: Mapped[str] = mapped_column(String(120))

    agency: Mapped[Agency | None] = relationship()
    organisation: Mapped[Organisation] = relationship()
    suggested_by: Mapped[User | None] = relationship(
        foreign_keys="ClosureSuggestion.suggested_by_id")
    decided_by: Mapped[User | None] = relationship(foreign_keys="ClosureSuggestion.decided_by_id")

    @property
    def where(self) -> str:
        if self.agency is None:
            return self.jurisdiction
        return f"{self.agency.name} ({self.agency.jurisdiction})"

    def __str__(self) -> str:
        return f"{self.where} closed {self.closed_on}: {self.name}"
