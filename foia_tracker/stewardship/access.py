"""Who stewards what: operators, and which organisations have a stake in an agency."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import select

from ..agencies.models import Agency
from ..extensions import db
from ..records.models import RecordsRequest
from ..users.models import Role


def operator_required(view):
    """Require a logged-in operator; anyone else gets a 404, so the pages are not revealed."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_operator:
            abort(404)
        return view(*args, **kwargs)

    return wrapped


def role_or_operator_required(role: Role):
    """Require a logged-in user whose role includes `role`, or an operator; others get 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not (current_user.can(role) or current_user.is_operator):
                abort(403, description=f"This needs the {role.value} role.")
            return view(*args, **kwargs)

        return wrapped

    return decorator


def organisations_using(agency: Agency) -> set[int]:
    """Return the organisations with a stake in the agency: its creator and those with requests."""
    using = set(db.session.scalars(select(RecordsRequest.organisation_id).distinct()
                                   .where(RecordsRequest.agency_id == agency.id)))
    if agency.created_by_organisation_id is not None:
        using.add(agency.created_by_organisation_id)
    return using


def is_used_by_others(agency: Agency, organisation_id: int) -> bool:
    """Return whether an organisation other than this one has a stake in the agency."""
    # An agency another organisation created counts as theirs even before their first request:
    # they may be about to write to its records e-mail.
    return bool(organisations_using(agency) - {organisation_id})


def may_read_history(agency: Agency, user) -> bool:
    """Return whether the user's organisation may read the agency's change history."""
    return user.is_operator or user.organisation_id in organisations_using(agency)
