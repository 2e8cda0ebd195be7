"""The deadline changes closure days made to a request, as the recompute audited them."""

from sqlalchemy import select

from ..audit.models import AuditEvent
from ..extensions import db


def closure_moves(request_id: int, organisation_id: int) -> list[dict]:
    """Return, oldest first, each added or removed closure day that moved the request's dates."""
    rows = db.session.execute(
        select(AuditEvent.occurred_at, AuditEvent.reason, AuditEvent.changes).where(
            AuditEvent.object_type == "RecordsRequest", AuditEvent.object_id == request_id,
            AuditEvent.organisation_id == organisation_id, AuditEvent.reason.like("closure %"))
        .order_by(AuditEvent.occurred_at, AuditEvent.id))
    return [{"at": at, "reason": reason, "next_due_on": (changes or {}).get("next_due_on")}
            for at, reason, changes in rows]
