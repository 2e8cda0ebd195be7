"""Communications: the entries of a request's timeline."""

from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db_types import UTCDateTime, utcnow
from ..extensions import db
from ..users.models import User
from .status import Direction, Kind


class Communication(db.Model):
    __audited__ = True
    __table_args__ = (Index("ix_communication_request_on", "request_id", "occurred_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("records_request.id", ondelete="CASCADE"))
    direction: Mapped[Direction] = mapped_column(Enum(Direction, native_enum=False, length=16))
    kind: Mapped[Kind] = mapped_column(Enum(Kind, native_enum=False, length=32))
    occurred_on: Mapped[date]
    summary: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    #: Days of extra time an extension notice claims, in the law's extension unit.
    extension_days: Mapped[int | None]
    #: The date the agency said it expects to answer by, when it gave one.
    estimated_on: Mapped[date | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    request: Mapped["RecordsRequest"] = relationship(back_populates="communications")  # noqa: F821
    created_by: Mapped[User | None] = relationship()

    @property
    def organisation_id(self) -> int:
        return self.request.organisation_id

    def __str__(self) -> str:
        return f"{self.kind.value} of {self.occurred_on}: {self.summary}"
