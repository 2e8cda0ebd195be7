"""Use-cases for accounts: invite, accept an invitation, change roles (logging in: login.py)."""

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from ..extensions import db
from .models import Role, User


class InvitationInvalid(ValueError):
    """The invitation link is unknown, already used or expired."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def user_invite(*, organisation_id: int, email: str, name: str, role: Role) -> User:
    """Create an account without a password; the invitation link lets its owner choose one."""
    user = User(organisation_id=organisation_id, email=normalise_email(email), name=name.strip(),
                role=role)
    db.session.add(user)
    db.session.commit()
    return user


def email_taken(email: str, *, except_user_id: int | None = None) -> bool:
    query = select(User.id).where(User.email == normalise_email(email))
    if except_user_id is not None:
        query = query.where(User.id != except_user_id)
    return db.session.scalar(query) is not None


def invitation_token(user: User, secret_key: str) -> str:
    """Return a signed token that sets this user's password once."""
    return _serializer(secret_key).dumps({"user": user.id, "state": user.password_hash or ""})


def user_accept_invitation(*, token: str, password: str | None, secret_key: str,
                           max_age_hours: int) -> User:
    """Check the token and, when a password is given, set it; the token then stops working."""
    try:
        data = _serializer(secret_key).loads(token, max_age=max_age_hours * 3600)
    except SignatureExpired as error:
        raise InvitationInvalid("This invitation has expired; ask your admin for a new one.") from error
    except BadSignature as error:
        raise InvitationInvalid("This invitation link is not valid.") from error
    user = db.session.get(User, data.get("user"))
    # The password hash is part of the token, so setting a password uses the token up.
    if user is None or (user.password_hash or "") != data.get("state") or not user.is_active_account:
        raise InvitationInvalid("This invitation has already been used or was withdrawn.")
    if password is not None:
        user.set_password(password)
        db.session.commit()
    return user


def user_update(*, user: User, acting: User, name: str, role: Role, is_active: bool) -> None:
    """Change a user's name, role or access; an admin cannot lock themselves out."""
    if user.id == acting.id and (role != Role.admin or not is_active):
        raise ValueError("You cannot remove your own admin role or deactivate yourself.")
    user.name = name.strip()
    user.role = role
    user.is_active_account = is_active
    if not is_active:
        # Reactivation must not bring an old calendar URL or an old session back to life.
        user.calendar_token = None
        user.end_sessions()
    db.session.commit()


def preferences_save(*, user: User, values: dict) -> None:
    """Store the user's alert preferences."""
    for key, value in values.items():
        setattr(user, key, value)
    db.session.commit()


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt="foia-tracker-invitation")
