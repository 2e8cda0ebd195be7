"""Follow-up tasks: a drafted letter to the agency when a clock passes unanswered."""

import enum
from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db_types import UTCDateTime, utcnow
from ..extensions import db


class LetterKind(enum.Enum):
    no_response = "No response by the statutory deadline"
    past_estimate = "Past the agency's own estimated date"
    overdue_after_extension = "Overdue after an extension"
    appeal = "Appeal"


class FollowUpStatus(enum.Enum):
    open = "Open"
    snoozed = "Snoozed"
    sent = "Sent"
    dismissed = "Dismissed"


class FollowUp(db.Model):
    __audited__ = True
    __table_args__ = (
        UniqueConstraint("request_id", "clock", "deadline_on", "scheduled_on", name="uq_followup_once"),
        Index("ix_followup_org_status_on", "organisation_id", "status", "scheduled_on"),
        #: The task order (followups.query.TASK_ORDER), read in order by the dashboard.
        Index("ix_followup_org_deadline", "organisation_id", "deadline_on", "scheduled_on", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    request_id: Mapped[int] = mapped_column(ForeignKey("records_request.id", ondelete="CASCADE"), index=True)
    #: The clock that passed, and its due date then.
    clock: Mapped[str] = mapped_column(String(32))
    deadline_on: Mapped[date]
    #: When the follow-up is due to go out (repeats while the request stays overdue).
    scheduled_on: Mapped[date]
    kind: Mapped[LetterKind] = mapped_column(Enum(LetterKind, native_enum=False, length=32))
    status: Mapped[FollowUpStatus] = mapped_column(
        Enum(FollowUpStatus, native_enum=False, length=16), default=FollowUpStatus.open)
    snoozed_until: Mapped[date | None]
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    sent_communication_id: Mapped[int | None] = mapped_column(
        ForeignKey("communication.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    request = relationship("RecordsRequest")

    def __str__(self) -> str:
        return f"Follow-up ({self.kind.value}) for {self.deadline_on}"


class LetterTemplate(db.Model):
    """An organisation's own wording of a letter kind; the built-in text is used otherwise."""

    __audited__ = True
    __table_args__ = (UniqueConstraint("organisation_id", "kind", name="uq_letter_template_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    kind: Mapped[LetterKind] = mapped_column(Enum(LetterKind, native_enum=False, length=32))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)

    def __str__(self) -> str:
        return f"Letter template: {self.kind.value}"
