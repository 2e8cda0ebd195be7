"""Users, their roles, the login attempts that throttle guessing, and recovery codes."""

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import BigInteger, Boolean, Enum, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..db_types import UTCDateTime, utcnow
from ..extensions import db
from ..orgs.models import Organisation


class Role(enum.Enum):
    viewer = "viewer"
    editor = "editor"
    admin = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def allows(self, needed: "Role") -> bool:
        """Return whether this role includes the rights of the needed one."""
        return self.rank >= needed.rank


class User(UserMixin, db.Model):
    __audited__ = True
    __audit_secret__ = frozenset({"password_hash", "calendar_token", "totp_secret"})
    #: Bookkeeping that changes at every logout or two-factor login, not a change to audit.
    __audit_ignored__ = frozenset({"session_generation", "totp_last_step"})

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    #: Login name; stored lower-case so look-ups are case-insensitive on every database.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=16))
    #: Empty until an invited user sets a password.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_active_account: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Steward of the installation's shared reference data (agencies, closure days); granted
    #: on the command line only.
    is_operator: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    #: IANA time zone for the digest hour and for what "due today" means to this user.
    timezone: Mapped[str] = mapped_column(String(64), default="America/New_York",
                                          server_default="America/New_York")
    #: Local hour (0-23) of the daily deadline digest.
    digest_hour: Mapped[int] = mapped_column(default=8, server_default="8")
    #: Business days ahead that a deadline starts to appear in the digest.
    lead_business_days: Mapped[int] = mapped_column(default=3, server_default="3")
    is_email_enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    #: Secret of the personal calendar feed URL; resetting it revokes the old URL.
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Part of the id every session stores: raising it ends all of the user's sessions at once,
    #: copied cookies included (logout, password change, deactivation, "log out everywhere").
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    #: Base32 TOTP secret: set while enrolling, in force once totp_enabled_at is set.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Time step of the last code accepted, so that each code signs in once only.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)

    organisation: Mapped[Organisation] = relationship()

    def __str__(self) -> str:
        return self.name

    @property
    def is_two_factor_enabled(self) -> bool:
        return self.totp_enabled_at is not None

    @property
    def is_active(self) -> bool:
        return self.is_active_account and self.password_hash is not None

    def get_id(self) -> str:
        """Return the id a session stores: the user's and their session generation."""
        return f"{self.id}:{self.session_generation or 0}"

    def end_sessions(self) -> None:
        """Make every session of this user, on every device, stop working."""
        self.session_generation = (self.session_generation or 0) + 1

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)
        # Whoever knew the old password may hold a session: it ends with it.
        self.end_sessions()

    def check_password(self, password: str) -> bool:
        return self.password_hash is not None and check_password_hash(self.password_hash, password)

    def can(self, needed: Role) -> bool:
        """Return whether the user's role grants the needed one."""
        return self.role.allows(needed)

    @property
    def can_edit(self) -> bool:
        return self.can(Role.editor)

    @property
    def is_admin(self) -> bool:
        return self.can(Role.admin)


class LoginAttempt(db.Model):
    """A failed password or code, kept to slow down guessing from its address."""

    __table_args__ = (Index("ix_login_attempt_email_at", "email", "attempted_at"),
                      Index("ix_login_attempt_addr_at", "remote_addr", "attempted_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    #: The client's address as seen through FOIA_PROXY_COUNT proxies.
    remote_addr: Mapped[str | None] = mapped_column(String(64))
    #: Pruned by the alert sweep once older than login.ATTEMPT_RETENTION.
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RecoveryCode(db.Model):
    """A one-time code that signs in without the authenticator app, stored hashed."""

    __table_args__ = (UniqueConstraint("user_id", "code_hash", name="uq_recovery_code_user_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the code as typed without dashes; the code itself is shown once only.
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
