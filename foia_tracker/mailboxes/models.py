"""A connected mailbox, where its reading stands, and the authentication verdict of each message."""

import enum
from datetime import datetime

from sqlalchemy import BigInteger, Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db_types import UTCDateTime, utcnow
from ..extensions import db
from ..orgs.models import Organisation


class Security(enum.Enum):
    #: IMAP over TLS from the first byte (port 993).
    tls = "TLS (port 993)"
    #: Plain IMAP upgraded with STARTTLS before login (port 143); refused if the upgrade fails.
    starttls = "STARTTLS (port 143)"


class Mailbox(db.Model):
    __audited__ = True
    __audit_secret__ = frozenset({"secret_sealed"})
    #: Where reading stands changes on every check; the audit log is for what people change.
    __audit_ignored__ = frozenset({"uidvalidity", "last_uid", "last_checked_at", "last_read_at",
                                   "last_error", "claim_token", "claimed_at"})
    __table_args__ = (UniqueConstraint("organisation_id", "name", name="uq_mailbox_org_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    host: Mapped[str] = mapped_column(String(253))
    port: Mapped[int]
    security: Mapped[Security] = mapped_column(Enum(Security, native_enum=False, length=16),
                                               default=Security.tls)
    username: Mapped[str] = mapped_column(String(254))
    #: The password or app password, encrypted with FOIA_MAILBOX_KEY (Fernet); never shown.
    secret_sealed: Mapped[str] = mapped_column(Text)
    folder: Mapped[str] = mapped_column(String(200), default="INBOX")
    #: Where a message is moved once stored; None leaves the mailbox exactly as it was.
    filed_folder: Mapped[str | None] = mapped_column(String(200))
    #: The Authentication-Results author to believe (the receiving server); None: the topmost.
    trusted_authserv_id: Mapped[str | None] = mapped_column(String(253))
    #: UIDs only mean something within one UIDVALIDITY; a new one restarts from the beginning.
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    last_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The last time the mailbox was read to the end without an error.
    last_read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The last run's error in words, or None when it went well.
    last_error: Mapped[str | None] = mapped_column(Text)
    #: Set while a poller reads the mailbox, so that a second one leaves it alone.
    claim_token: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship()

    def __str__(self) -> str:
        return f"{self.name} ({self.username} on {self.host})"


class MessageAuthentication(db.Model):
    """What the sender's domain vouches for one received message, keyed by its raw bytes' hash."""

    __table_args__ = (UniqueConstraint("organisation_id", "raw_sha256",
                                       name="uq_message_authentication_raw"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    #: The SHA-256 of the message as received (IntakeMessage.raw_sha256).
    raw_sha256: Mapped[str] = mapped_column(String(64))
    #: pass, fail, temperror (DNS could not answer), none (not signed) or unchecked (too large
    #: to verify): checked by this app.
    dkim: Mapped[str] = mapped_column(String(16))
    #: The d= domain of the signature that verified (or of the first one, when none did).
    dkim_domain: Mapped[str | None] = mapped_column(String(253))
    #: As the receiving server recorded them in Authentication-Results; None when it did not.
    spf: Mapped[str | None] = mapped_column(String(16))
    dmarc: Mapped[str | None] = mapped_column(String(16))
    #: Which server wrote the Authentication-Results read.
    authserv_id: Mapped[str | None] = mapped_column(String(253))
    #: The verdict in words, for the page and the receipt record.
    explanation: Mapped[str] = mapped_column(Text, default="")
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
