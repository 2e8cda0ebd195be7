"""Organisations: the affiliates that share one installation."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..db_types import UTCDateTime, utcnow
from ..extensions import db


class Organisation(db.Model):
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Display name, e.g. "ACLU of Oregon".
    name: Mapped[str] = mapped_column(String(200), unique=True)
    #: Short upper-case prefix used in request and exhibit numbers, e.g. "OR".
    code: Mapped[str] = mapped_column(String(8), unique=True)
    #: Business days to a follow-up where the law only says "promptly" (policy, not law).
    followup_policy_days: Mapped[int] = mapped_column(default=10, server_default="10")
    #: Business days overdue after which the organisation's admins are told too.
    escalation_business_days: Mapped[int] = mapped_column(default=10, server_default="10")
    #: Business days between follow-ups while a request stays overdue.
    followup_repeat_business_days: Mapped[int] = mapped_column(default=10, server_default="10")
    #: Every user must sign in with a two-factor code (set by the organisation's admins).
    is_two_factor_required: Mapped[bool] = mapped_column(default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __str__(self) -> str:
        return self.name
