"""Closure days: offices shut beyond the holiday calendar (snow days, county holidays, shutdowns)."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..agencies.models import Agency
from ..db_types import UTCDateTime, utcnow
from ..extensions import db


class Closure(db.Model):
    """A day one agency, or every office of a jurisdiction, was closed."""

    __audited__ = True
    __table_args__ = (
        CheckConstraint("(jurisdiction IS NULL) != (agency_id IS NULL)", name="one_scope"),
        Index("ix_closure_jurisdiction_on", "jurisdiction", "closed_on"),
        Index("ix_closure_agency_on", "agency_id", "closed_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Set for a closure of every office in a jurisdiction, else None.
    jurisdiction: Mapped[str | None] = mapped_column(String(2))
    #: Set for a closure of one agency, else None.
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"))
    closed_on: Mapped[date]
    name: Mapped[str] = mapped_column(String(120))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    agency: Mapped[Agency | None] = relationship()

    def __str__(self) -> str:
        where = self.agency.name if self.agency else self.jurisdiction
        return f"{where} closed {self.closed_on}: {self.name}"
