"""Who adds documents to which request: resolved and checked before any file is read."""

from dataclasses import dataclass

from sqlalchemy import select

from ..communications.models import Communication
from ..extensions import db
from ..orgs.models import Organisation
from ..records.models import RecordsRequest
from ..users.models import User
from ..users.services import normalise_email


class TargetRefused(Exception):
    """The request, user or timeline entry named cannot take documents; nothing was read."""


@dataclass(frozen=True)
class IntakeTarget:
    request: RecordsRequest
    actor: User
    communication: Communication | None


def intake_target(*, reference: str, actor_email: str,
                  communication_id: int | None) -> IntakeTarget:
    """Return the request, actor and timeline entry named, or raise TargetRefused saying why."""
    request = request_by_reference(reference)
    actor = _uploader(actor_email, request)
    communication = _communication(communication_id, request)
    return IntakeTarget(request=request, actor=actor, communication=communication)


def request_by_reference(reference: str) -> RecordsRequest:
    """Return the request cited as e.g. OR-2026-0042; raise TargetRefused if there is none."""
    code, year, number = (reference.strip().upper().rsplit("-", 2) + ["", ""])[:3]
    request = None
    if year.isdigit() and number.isdigit():
        request = db.session.scalar(
            select(RecordsRequest)
            .join(Organisation, Organisation.id == RecordsRequest.organisation_id)
            .where(Organisation.code == code, RecordsRequest.year == int(year),
                   RecordsRequest.number == int(number)))
    if request is None:
        raise TargetRefused(f"There is no request {reference!r} (a reference looks like "
                            "OR-2026-0042).")
    return request


def _uploader(email: str, request: RecordsRequest) -> User:
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise TargetRefused(f"There is no user {email!r}.")
    if user.organisation_id != request.organisation_id:
        raise TargetRefused(f"{user.email} is not a member of {request.organisation.name}, "
                            f"whose request {request.reference} is.")
    if not user.is_active:
        raise TargetRefused(f"{user.email}'s account is not active (deactivated, or the "
                            "invitation was never accepted).")
    if not user.can_edit:
        raise TargetRefused(f"{user.email} is a {user.role.name}; adding documents needs an "
                            "editor or an admin.")
    return user


def _communication(communication_id: int | None, request: RecordsRequest) -> Communication | None:
    if communication_id is None:
        return None
    communication = db.session.get(Communication, communication_id)
    if communication is None or communication.request_id != request.id:
        raise TargetRefused(f"Communication {communication_id} is not on the timeline of "
                            f"request {request.reference}.")
    return communication
