"""Received e-mail: every message kept as received, and where it was filed."""

import enum
from datetime import datetime

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..communications.models import Communication
from ..db_types import UTCDateTime, utcnow
from ..extensions import db
from ..records.models import RecordsRequest
from ..users.models import User


class MailState(enum.Enum):
    filed = "Filed"
    triage = "Waiting in the inbox"
    #: An auto-reply or bounce: kept, never counted as the agency's answer.
    ignored = "Kept, not an answer"
    dismissed = "Dismissed"


class MailNature(enum.Enum):
    reply = "Reply"
    auto_reply = "Automatic reply"
    bounce = "Delivery failure"
    delay = "Delivery delayed"
    #: A copy (BCC) of mail our own staff sent.
    sent_copy = "Our own message"
    #: Too large or too broken to read: kept whole, not read.
    unreadable = "Could not be read"


class IntakeMessage(db.Model):
    """One received e-mail, its raw bytes in the document store by SHA-256, filed or waiting."""

    __table_args__ = (
        # Filed at most once: a second delivery of the same message fails on this key.
        UniqueConstraint("organisation_id", "dedupe_key", name="uq_intake_message_dedupe"),
        Index("ix_intake_message_org_state", "organisation_id", "state"),
        Index("ix_intake_message_org_message_id", "organisation_id", "message_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    #: Message-ID with the message's own content fingerprint, or the fingerprint alone.
    dedupe_key: Mapped[str] = mapped_column(String(100))
    message_id: Mapped[str | None] = mapped_column(String(255))
    #: The message exactly as received, kept in the document store.
    raw_sha256: Mapped[str] = mapped_column(String(64))
    raw_size: Mapped[int] = mapped_column(BigInteger)
    #: How it came in: "pipe", or the mailbox it was read from.
    via: Mapped[str] = mapped_column(String(100))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The Date header (of the forwarded original, for forwarded mail).
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    from_address: Mapped[str] = mapped_column(String(254), default="")
    from_name: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(300), default="")
    #: The plain-text body, quoted history folded away.
    body: Mapped[str] = mapped_column(Text, default="")
    #: Message-IDs this one replies to (In-Reply-To and References), space-separated.
    thread_ids: Mapped[str] = mapped_column(Text, default="")
    nature: Mapped[str] = mapped_column(String(16), default=MailNature.reply.name)
    state: Mapped[str] = mapped_column(String(16), default=MailState.triage.name)
    #: Why it was filed where it was, or why it waits, in words.
    reason: Mapped[str] = mapped_column(Text, default="")
    #: The requests it may belong to: [{"request_id", "reference", "reason"}], best first.
    guesses: Mapped[list] = mapped_column(JSON, default=list)
    #: Names of the attachments found, for the inbox (they become documents once filed).
    attachment_names: Mapped[list] = mapped_column(JSON, default=list)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    decided_by: Mapped[User | None] = relationship()
    filings: Mapped[list["MailFiling"]] = relationship(back_populates="message",
                                                       order_by="MailFiling.id")

    @property
    def state_enum(self) -> MailState:
        return MailState[self.state]

    @property
    def nature_enum(self) -> MailNature:
        return MailNature[self.nature]


class MailFiling(db.Model):
    """A message filed on one request: its communication and the kind proposed for it."""

    __table_args__ = (
        UniqueConstraint("intake_message_id", "request_id", name="uq_mail_filing_request"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    intake_message_id: Mapped[int] = mapped_column(ForeignKey("intake_message.id"), index=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("records_request.id", ondelete="CASCADE"), index=True)
    #: None for auto-replies and bounces, which are shown but never logged as an answer.
    communication_id: Mapped[int | None] = mapped_column(
        ForeignKey("communication.id", ondelete="SET NULL"), index=True)
    #: The kind the text suggests (a Kind name); it moves deadlines only once a person confirms.
    proposed_kind: Mapped[str | None] = mapped_column(String(32))
    kind_reason: Mapped[str] = mapped_column(Text, default="")
    is_kind_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Exhibit numbers of the message and its attachments, as filed.
    exhibits: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    message: Mapped[IntakeMessage] = relationship(back_populates="filings")
    request: Mapped[RecordsRequest] = relationship()
    communication: Mapped[Communication | None] = relationship()


class SentMessageId(db.Model):
    """A Message-ID of mail sent about a request, so that replies to it find the request."""

    __table_args__ = (
        UniqueConstraint("organisation_id", "message_id", "request_id",
                         name="uq_sent_message_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    message_id: Mapped[str] = mapped_column(String(255))
    request_id: Mapped[int] = mapped_column(
        ForeignKey("records_request.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
