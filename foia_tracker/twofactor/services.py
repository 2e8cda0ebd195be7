"""Turning two-factor sign-in on and off, checking codes, and the organisation's rule."""

import time
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update

from ..db_types import utcnow
from ..extensions import db
from ..orgs.models import Organisation
from ..users.login import (
    LoginLimits, login_check_throttle, login_clear_failures, login_record_failure,
    user_check_password,
)
from ..users.models import RecoveryCode, User
from ..users.services import normalise_email
from .totp import code_step, is_totp_shaped, new_recovery_codes, new_secret, normalise_code, \
    recovery_hash


class TwoFactorError(ValueError):
    """A two-factor change that cannot be made; the message says why."""


def twofactor_begin(*, user: User) -> None:
    """Give the user a new secret to enrol, not yet in force, and commit."""
    if user.is_two_factor_enabled:
        raise TwoFactorError("Two-factor sign-in is already on.")
    user.totp_secret = new_secret()
    db.session.commit()


def twofactor_enable(*, user: User, code: str) -> list[str]:
    """Put the enrolled secret in force once a code from it checks; return the recovery codes."""
    if user.totp_secret is None or user.is_two_factor_enabled:
        raise TwoFactorError("Start again from your profile page.")
    step = code_step(user.totp_secret, normalise_code(code), now=time.time(), after_step=None)
    if step is None:
        raise TwoFactorError("This code does not match; check the clock of your phone and "
                             "enter the code the app shows now.")
    user.totp_enabled_at, user.totp_last_step = utcnow(), step
    codes = _replace_recovery_codes(user)
    db.session.commit()
    return codes


def twofactor_new_recovery_codes(*, user: User) -> list[str]:
    """Replace the user's recovery codes with new ones and commit; the old ones stop working."""
    codes = _replace_recovery_codes(user)
    db.session.commit()
    return codes


def twofactor_disable(*, user: User, password: str) -> None:
    """Turn two-factor sign-in off after checking the password, unless the organisation requires it."""
    if not user.is_two_factor_enabled:
        raise TwoFactorError("Two-factor sign-in is not on.")
    if user.organisation.is_two_factor_required:
        raise TwoFactorError(f"{user.organisation.name} requires two-factor sign-in.")
    if user_check_password(email=user.email, password=password) is None:
        raise TwoFactorError("This is not your password.")
    _turn_off(user)
    db.session.commit()


def twofactor_reset(*, email: str) -> User:
    """Turn off the two-factor sign-in of a user who lost phone and codes, end their sessions; commit."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise TwoFactorError(f"There is no user {email}.")
    _turn_off(user)
    user.end_sessions()
    db.session.commit()
    return user


@dataclass(frozen=True)
class CodeAccepted:
    #: None for an authenticator code; after a recovery code, how many are left unused.
    recovery_codes_left: int | None = None


def twofactor_verify(*, user: User, code: str, remote_addr: str | None,
                     limits: LoginLimits) -> CodeAccepted | None:
    """Check a sign-in code (throttled like passwords) and commit; None when it is wrong."""
    login_check_throttle(email=user.email, remote_addr=remote_addr, limits=limits)
    code = normalise_code(code)
    accepted = _use_totp(user, code) if is_totp_shaped(code) else _use_recovery_code(user, code)
    if accepted is None:
        login_record_failure(email=user.email, remote_addr=remote_addr)
    else:
        login_clear_failures(email=user.email, remote_addr=remote_addr)
    return accepted


def organisation_require_twofactor(*, organisation: Organisation, is_required: bool) -> None:
    """Require (or stop requiring) two-factor sign-in for everyone in the organisation; commit."""
    organisation.is_two_factor_required = is_required
    db.session.commit()


def _use_totp(user: User, code: str) -> CodeAccepted | None:
    step = code_step(user.totp_secret, code, now=time.time(), after_step=user.totp_last_step)
    if step is None:
        return None
    user.totp_last_step = step
    return CodeAccepted()


def _use_recovery_code(user: User, code: str) -> CodeAccepted | None:
    # One UPDATE that only an unused code matches: two requests cannot both use the same code.
    used = db.session.execute(
        update(RecoveryCode).where(RecoveryCode.user_id == user.id,
                                   RecoveryCode.code_hash == recovery_hash(code),
                                   RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow()).execution_options(synchronize_session=False))
    if used.rowcount != 1:
        return None
    return CodeAccepted(recovery_codes_left=db.session.scalar(
        select(func.count()).select_from(RecoveryCode).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))))


def _turn_off(user: User) -> None:
    user.totp_secret = user.totp_enabled_at = user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def _replace_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = new_recovery_codes()
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=recovery_hash(code)) for code in codes)
    return codes
