"""Who the current user is and what their role lets them do."""

from functools import cache, wraps

from flask import abort, request
from flask_login import current_user, login_required
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload

from ..audit.recorder import set_actor
from ..extensions import db
from .models import Role, User


def init_login(login_manager) -> None:
    """Configure Flask-Login for the app."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see this page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    login_manager.user_loader(user_for_session_id)


def init_app(app) -> None:
    """Attribute each web request's changes to its logged-in user."""
    app.before_request(_set_audit_actor)


def _set_audit_actor() -> None:
    set_actor(current_user if current_user.is_authenticated else None)


def user_for_session_id(session_id: str) -> User | None:
    """Return the active user a session id names, unless that session was ended since."""
    # Checked on every request, so a session ended elsewhere stops working at once.
    user_id, _, generation = session_id.partition(":")
    if not (user_id.isdigit() and generation.isdigit()):
        return None
    user = db.session.scalars(_user_statement(), {"user_id": int(user_id)}).one_or_none()
    if user is None or not user.is_active or user.session_generation != int(generation):
        return None
    return user


@cache
def _user_statement() -> Select:
    """Return the user by id, with the organisation every page names (not a second query).

    Built once: every page runs it, and session.get would build the statement and its cache
    key anew on each (half the look-up's time). Parameter: user_id.
    """
    return (select(User).options(joinedload(User.organisation))
            .where(User.id == bindparam("user_id")))


def role_required(role: Role):
    """Require a logged-in user whose role includes `role`; others get 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.can(role):
                abort(403, description=f"This needs the {role.value} role.")
            return view(*args, **kwargs)

        return wrapped

    return decorator


def remote_addr() -> str | None:
    """Return the client address as the WSGI server saw it."""
    return request.remote_addr
