"""Records addresses that mail bounced from: marked failing until they work again or change.

A delivery report that says mail to an agency's records address failed marks that address on
the agency page and on every open request to the agency, and proposes a correction through the
agency-change review: clearing the address, since only a person can find the right one. The
proposal is never applied by itself. Mail that later arrives from the address, or a staff edit
of it, clears the mark and withdraws a proposal still waiting.
"""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column

from ..db_types import UTCDateTime, utcnow
from ..extensions import db
from ..stewardship.models import AgencyChangeSuggestion, SuggestionStatus
from .models import Agency

#: Withdrawn proposals are closed as rejected: the review has no other end state.
_WITHDRAWN = "Withdrawn: {why}"


class AgencyAddressFailure(db.Model):
    """An agency's records address that mail bounced from, open until it is cleared."""

    __table_args__ = (Index("ix_agency_address_failure_open", "agency_id", "cleared_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"))
    address: Mapped[str] = mapped_column(String(254))
    #: When the latest bounce of mail to the address was received.
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The latest bounce's own words (its Diagnostic-Code, else its Status).
    reason: Mapped[str] = mapped_column(Text, default="")
    #: The latest bounce, kept as received.
    intake_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("intake_message.id", ondelete="SET NULL"))
    #: The correction proposed for review when the address first failed.
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("agency_change_suggestion.id", ondelete="SET NULL"))
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Why the mark was cleared, in words.
    cleared_reason: Mapped[str] = mapped_column(Text, default="")


def address_failures_record(*, organisation_id: int, intake_message_id: int,
                            failed: Iterable[tuple[str, str]],
                            at: datetime) -> list[AgencyAddressFailure]:
    """Mark each failed records address failing and propose its correction; no commit."""
    marked = []
    for address, reason in failed:
        for agency in _agencies_with(address):
            marked.append(_mark(agency, address, reason, organisation_id, intake_message_id, at))
    db.session.flush()
    return marked


def address_failures_clear_by_reply(*, address: str, at: datetime) -> int:
    """Clear the marks of an address that mail just arrived from; return how many; no commit."""
    if not address:
        return 0
    failures = db.session.scalars(select(AgencyAddressFailure).where(
        AgencyAddressFailure.address == address.lower(),
        AgencyAddressFailure.cleared_at.is_(None))).all()
    for failure in failures:
        _clear(failure, f"mail from {failure.address} arrived on {at:%Y-%m-%d}, so the "
                        "address works")
    return len(failures)


def address_failures_clear_for_edit(agency: Agency, new_email: str) -> None:
    """Clear the agency's marks when staff change its records address; no commit."""
    for failure in open_address_failures(agency.id):
        if failure.address != (new_email or "").strip().lower():
            _clear(failure, f"the records address was changed from {failure.address}")


def open_address_failures(agency_id: int | None) -> list[AgencyAddressFailure]:
    """Return the agency's records addresses marked failing, latest failure first."""
    if agency_id is None:
        return []
    return db.session.scalars(select(AgencyAddressFailure).where(
        AgencyAddressFailure.agency_id == agency_id, AgencyAddressFailure.cleared_at.is_(None))
        .order_by(AgencyAddressFailure.failed_at.desc(), AgencyAddressFailure.id.desc())).all()


def _agencies_with(address: str) -> list[Agency]:
    return db.session.scalars(select(Agency).where(
        func.lower(Agency.email) == address.lower()).order_by(Agency.id)).all()


def _mark(agency: Agency, address: str, reason: str, organisation_id: int,
          intake_message_id: int, at: datetime) -> AgencyAddressFailure:
    failure = next((f for f in open_address_failures(agency.id) if f.address == address), None)
    if failure is None:
        failure = AgencyAddressFailure(agency_id=agency.id, address=address)
        db.session.add(failure)
        failure.proposal_id = _propose(agency, address, reason, organisation_id, at).id
    failure.failed_at, failure.reason = at, reason
    failure.intake_message_id = intake_message_id
    return failure


def _propose(agency: Agency, address: str, reason: str, organisation_id: int, at: datetime):
    suggestion = AgencyChangeSuggestion(
        agency=agency, organisation_id=organisation_id, suggested_by_id=None,
        old_values={"email": agency.email}, new_values={"email": ""},
        note=(f"Mail to {address} bounced on {at:%Y-%m-%d}: {reason}. Proposed: clear the "
              "records address until a working one is found; or reject this and enter the "
              "right address by editing the agency.")[:500])
    suggestion.audit_reason = "proposed after a delivery failure"
    db.session.add(suggestion)
    db.session.flush()
    return suggestion


def _clear(failure: AgencyAddressFailure, why: str) -> None:
    failure.cleared_at, failure.cleared_reason = utcnow(), why[0].upper() + why[1:] + "."
    suggestion = db.session.get(AgencyChangeSuggestion, failure.proposal_id) \
        if failure.proposal_id else None
    if suggestion is not None and suggestion.status is SuggestionStatus.pending:
        suggestion.status, suggestion.decided_at = SuggestionStatus.rejected, utcnow()
        suggestion.reason = _WITHDRAWN.format(why=why)[:500]
        suggestion.audit_reason = "withdrawn: the address is no longer failing"
