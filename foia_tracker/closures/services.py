"""Use-cases for closure days; each change recomputes the deadlines it moves."""

from datetime import date

from sqlalchemy import select

from ..agencies.models import Agency
from ..extensions import db
from ..records.recompute import deadlines_recompute_all
from ..users.models import User
from .models import Closure


class DuplicateClosure(ValueError):
    """The day is already recorded as closed for this scope."""


def closure_add(*, actor: User, closed_on: date, name: str, jurisdiction: str | None = None,
                agency: Agency | None = None, note: str = "recorded by an operator") -> Closure:
    """Record a closed day and recompute the deadlines of the requests it affects.

    Only operators record closures: a closure day moves every organisation's deadlines there.
    """
    scope = Closure.agency_id == agency.id if agency else Closure.jurisdiction == jurisdiction
    if db.session.scalar(select(Closure.id).where(scope, Closure.closed_on == closed_on)):
        raise DuplicateClosure(f"{closed_on} is already recorded as closed there.")
    closure = Closure(closed_on=closed_on, name=name, jurisdiction=None if agency else jurisdiction,
                      agency=agency, created_by_id=actor.id)
    db.session.add(closure)
    db.session.flush()
    _recompute(closure, f"closure added ({note}): {closure}")
    return closure


def closure_remove(*, closure: Closure) -> None:
    """Delete a closed day recorded in error and recompute the deadlines it moved."""
    label = str(closure)
    db.session.delete(closure)
    db.session.flush()
    _recompute(closure, f"closure removed: {label}")


def _recompute(closure: Closure, reason: str) -> None:
    # One transaction: the closure and the deadlines it moves are committed together. The audit
    # reason column holds 200 characters; an agency's name alone may take 200.
    deadlines_recompute_all(reason=reason[:200], jurisdiction=closure.jurisdiction,
                            agency_id=closure.agency_id)
