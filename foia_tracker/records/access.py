"""Look-ups scoped to the current user's organisation: another's objects are a 404."""

from functools import cache

from flask import abort
from flask_login import current_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from ..agencies.models import Agency
from ..extensions import db
from ..users.models import User
from ..web.routing import MAX_ID
from .forms import UNKNOWN_AGENCY
from .models import RecordsRequest


def owned_request_or_404(request_id: int) -> RecordsRequest:
    """Return the request if it belongs to the current user's organisation."""
    request = db.session.scalars(_owned_request_statement(), {"id": request_id}).one_or_none()
    if request is None or request.organisation_id != current_user.organisation_id:
        abort(404)
    return request


@cache
def _owned_request_statement():
    # Callers show the reference (organisation code), count in the agency's jurisdiction or name
    # the assignee: joined, these cost no query of their own. Built once, as the request page
    # runs it on every view and building costs as much as running.
    return select(RecordsRequest).where(RecordsRequest.id == bindparam("id")).options(
        joinedload(RecordsRequest.organisation), joinedload(RecordsRequest.agency),
        joinedload(RecordsRequest.assignee))


def organisation_users() -> list:
    """Return the (id, name) rows of the active users of the current user's organisation, by name."""
    return db.session.execute(_organisation_users_statement(),
                              {"organisation_id": current_user.organisation_id}).all()


@cache
def _organisation_users_statement():
    # Built once, as the request's own statement above: every request list and request page
    # runs it.
    return (select(User.id, User.name)
            .where(User.organisation_id == bindparam("organisation_id"),
                   User.is_active_account.is_(True))
            .order_by(User.name))


def agency_options() -> list:
    """Return the rows the agency select needs, without loading whole agencies."""
    return db.session.execute(
        select(Agency.id, Agency.name, Agency.jurisdiction).order_by(Agency.name)).all()


class AgencyDirectory:
    """The agencies a request form offers: all of them to show, one at a time to check.

    An installation may list thousands of agencies; a saved form needs only the chosen one's
    jurisdiction, so the full list is read only when the form is shown.
    """

    def __init__(self):
        self._jurisdictions: dict[int, str | None] = {}

    def options(self) -> list:
        """Return the (id, "name (jurisdiction)") rows of every agency, by name: select choices."""
        # Read through the session's connection, not the ORM: these are plain columns, and the
        # ORM's row loading cost 3-8 ms of CPU for 5,000 agencies, about four times Core's.
        return db.session.connection().execute(
            select(Agency.id, Agency.name + " (" + Agency.jurisdiction + ")")
            .order_by(Agency.name)).all()

    def jurisdiction_of(self, agency_id: int | None) -> str | None:
        """Return the agency's jurisdiction, or None when no agency has this id."""
        if agency_id is None or not 1 <= agency_id <= MAX_ID:
            return None
        if agency_id not in self._jurisdictions:
            self._jurisdictions[agency_id] = db.session.scalar(
                select(Agency.jurisdiction).where(Agency.id == agency_id))
        return self._jurisdictions[agency_id]


def chosen_agency(field) -> Agency | None:
    """Return the agency a validated list filter names; an id no agency has is a field error."""
    if field.data is None or field.errors:
        return None
    agency = db.session.get(Agency, field.data)
    if agency is None:
        field.errors.append(UNKNOWN_AGENCY)
    return agency
