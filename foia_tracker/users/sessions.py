"""Ending sessions and changing passwords: each ends every session the user has."""

from ..extensions import db
from .login import LoginLimits, login_check_throttle, login_record_failure, user_check_password
from .models import User


class WrongPassword(ValueError):
    """The current password given does not match."""


def user_end_sessions(*, user: User) -> None:
    """End every session of the user, on every device, and commit."""
    user.end_sessions()
    db.session.commit()


def user_change_password(*, user: User, current: str, new: str, remote_addr: str | None,
                         limits: LoginLimits) -> None:
    """Set a new password after checking the current one (throttled like logins), and commit."""
    # A stolen session must not become a way to guess the password without limit.
    login_check_throttle(email=user.email, remote_addr=remote_addr, limits=limits)
    if user_check_password(email=user.email, password=current) is None:
        login_record_failure(email=user.email, remote_addr=remote_addr)
        raise WrongPassword("This is not your current password.")
    user.set_password(new)
    db.session.commit()
