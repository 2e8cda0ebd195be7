"""Import every model so the metadata (and Alembic) sees all tables."""

from .agencies.models import Agency, AgencyKind, Level
from .audit.models import AuditEvent
from .closures.models import Closure
from .communications.models import Communication
from .orgs.models import Organisation
from .records.models import Channel, RecordsRequest, Tag, TrackingNumber
from .users.models import LoginAttempt, Role, User

__all__ = [
    "Agency", "AgencyKind", "AuditEvent", "Channel", "Closure", "Communication", "Level", "LoginAttempt",
    "Organisation", "RecordsRequest", "Role", "Tag", "TrackingNumber", "User",
]
