"""Grant and revoke the operator flag: the installation's stewards of shared reference data."""

from sqlalchemy import func, select

from ..extensions import db
from ..users.models import User


class UnknownUser(LookupError):
    """No user has this e-mail address."""


def operator_set(*, email: str, is_operator: bool) -> tuple[User, bool]:
    """Grant or revoke the flag; return the user and whether anything changed."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise UnknownUser(f"No user has the e-mail address {email.strip()!r}.")
    if user.is_operator == is_operator:
        return user, False
    user.is_operator = is_operator
    db.session.commit()
    return user, True


def operators() -> list[User]:
    """Return the operators, by e-mail address."""
    return list(db.session.scalars(select(User).where(User.is_operator.is_(True))
                                   .order_by(func.lower(User.email))))
