"""Logging in: password checks that cost the same for every address, and throttled guessing.

Failures are counted per (account, source address) and per source address, never per account
alone: otherwise anyone could keep an account's owner out by failing on purpose (F3).
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..db_types import utcnow
from ..extensions import db
from .models import LoginAttempt, User
from .services import normalise_email

#: Attempt rows older than this are pruned by the sweep; a window longer than this is cut.
ATTEMPT_RETENTION = timedelta(days=1)


@dataclass(frozen=True)
class LoginLimits:
    #: Failures for one account from one address before that pair has to wait.
    per_account_and_address: int
    #: Failures from one address, whatever the accounts, before that address has to wait.
    per_address: int
    window: timedelta


class LoginThrottled(Exception):
    """Too many failed attempts from this address; wait before trying again."""

    def __init__(self, minutes: int, *, whole_address: bool):
        super().__init__(minutes)
        self.minutes, self.whole_address = minutes, whole_address


def login_check_throttle(*, email: str, remote_addr: str | None, limits: LoginLimits) -> None:
    """Raise LoginThrottled when this address has failed too often, for this account or any."""
    since = utcnow() - limits.window
    recent = select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.remote_addr == _address(remote_addr), LoginAttempt.attempted_at >= since)
    minutes = int(limits.window.total_seconds() // 60)
    if db.session.scalar(recent.where(LoginAttempt.email == normalise_email(email))) \
            >= limits.per_account_and_address:
        raise LoginThrottled(minutes, whole_address=False)
    # Spraying one password over many accounts: each account sees one failure, the address all.
    if db.session.scalar(recent) >= limits.per_address:
        raise LoginThrottled(minutes, whole_address=True)


def login_record_failure(*, email: str, remote_addr: str | None) -> None:
    """Count a failed password or code against this account and address, and commit."""
    db.session.add(LoginAttempt(email=normalise_email(email), remote_addr=_address(remote_addr)))
    db.session.commit()


def login_clear_failures(*, email: str, remote_addr: str | None) -> None:
    """Forget this account's failures from this address after a success, and commit."""
    # Only this address's: a success must not reset the count of someone guessing elsewhere.
    db.session.execute(delete(LoginAttempt).where(
        LoginAttempt.email == normalise_email(email),
        LoginAttempt.remote_addr == _address(remote_addr)))
    db.session.commit()


def user_check_password(*, email: str, password: str) -> User | None:
    """Return the active user with this e-mail and password, doing one hash check either way."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    usable = user is not None and user.is_active
    # An unknown or unusable address checks a dummy hash: a reply as slow as a wrong
    # password for a real account says nothing about which addresses exist (F4).
    matches = check_password_hash(user.password_hash if usable else _dummy_hash(), password)
    return user if usable and matches else None


def user_authenticate(*, email: str, password: str, remote_addr: str | None,
                      limits: LoginLimits) -> User | None:
    """Return the user for these credentials, recording failures and refusing when throttled."""
    login_check_throttle(email=email, remote_addr=remote_addr, limits=limits)
    user = user_check_password(email=email, password=password)
    if user is None:
        login_record_failure(email=email, remote_addr=remote_addr)
    return user


def login_attempts_prune(*, now: datetime) -> int:
    """Delete attempt rows too old to count; the caller commits."""
    result = db.session.execute(
        delete(LoginAttempt).where(LoginAttempt.attempted_at < now - ATTEMPT_RETENTION))
    return result.rowcount


def _address(remote_addr: str | None) -> str:
    # A request with no address (a unit test, a Unix socket) still counts, under one name.
    return (remote_addr or "unknown")[:64]


@cache
def _dummy_hash() -> str:
    # Same method and cost as generate_password_hash gives real passwords.
    return generate_password_hash(secrets.token_urlsafe(16))
