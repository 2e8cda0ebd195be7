"""Audit events: who changed what, when, with old and new values."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db_types import UTCDateTime, utcnow
from ..extensions import db
from ..users.models import User


class AuditEvent(db.Model):
    __table_args__ = (
        Index("ix_audit_org_at", "organisation_id", "occurred_at"),
        # One object's history: an agency's page, a request's deadline moves.
        Index("ix_audit_object", "object_type", "object_id", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The organisation whose admins may read the event: the object's, else the actor's.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: "created", "changed" or "deleted".
    action: Mapped[str] = mapped_column(String(16))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None]
    object_label: Mapped[str] = mapped_column(String(300))
    #: Why the change happened when it was not a direct edit, e.g. a recomputed deadline.
    reason: Mapped[str | None] = mapped_column(String(200))
    #: {field: [old, new]}
    changes: Mapped[dict] = mapped_column(JSON)

    actor: Mapped[User | None] = relationship()
