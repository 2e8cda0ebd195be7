"""The sign-in between a correct password and a correct code, kept in the signed session."""

import time

from flask import session

from ..users.auth import user_for_session_id
from ..users.models import User

_KEY = "two_factor_pending"
#: Seconds to enter the code after the password; then the password is asked again.
PENDING_SECONDS = 300


def pending_start(user: User, next_url: str | None) -> None:
    """Remember that this user gave the right password and now owes a code."""
    session[_KEY] = {"user": user.get_id(), "at": int(time.time()), "next": next_url}


def pending_user() -> User | None:
    """Return the user owing a code, unless the step expired or their sessions were ended."""
    data = session.get(_KEY)
    if not isinstance(data, dict) or time.time() - data.get("at", 0) > PENDING_SECONDS:
        return None
    return user_for_session_id(str(data.get("user", "")))


def pending_finish() -> str | None:
    """Forget the pending sign-in; return where the user wanted to go."""
    data = session.pop(_KEY, None)
    return data.get("next") if isinstance(data, dict) else None
