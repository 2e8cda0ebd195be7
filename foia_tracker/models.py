"""Import every model so the metadata (and Alembic) sees all tables."""

from .agencies.failures import AgencyAddressFailure
from .agencies.models import Agency, AgencyKind, Level
from .alerts.models import SweepRun
from .audit.models import AuditEvent
from .campaigns.models import Campaign, CampaignMember, CampaignRequest, CampaignShare
from .campaigns import search_index  # noqa: F401  (the shared pages' index follows the shares)
from .coalition_letters.models import (CampaignLetter, CampaignLetterCitation,
                                      CampaignLetterSignature)
from .closures.models import Closure
from .communications.models import Communication
from .documents.models import Document, DocumentPage, ExtractionStatus
from .documents import fulltext  # noqa: F401  (full-text index objects follow the tables)
from .documents import live_counts  # noqa: F401  (the live-document count's triggers too)
from .evidence.models import EvidenceItem, PurchaseChartTotal, PurchaseTotal
from .letters.models import Letter, LetterCitation
from .followups.models import FollowUp, FollowUpStatus, LetterKind, LetterTemplate
from .mail.models import MailStatus, OutboxMessage
from .mailboxes.models import Mailbox, MessageAuthentication
from .ocr.models import OcrPage, OcrSetting
from .orgs.models import Organisation
from .records.models import Channel, RecordsRequest, Tag, TrackingNumber
from .stewardship.models import AgencyChangeSuggestion, ClosureSuggestion
from .users.models import LoginAttempt, Role, User
from .mail_intake.models import IntakeMessage, MailFiling, SentMessageId  # noqa: F401

__all__ = [
    "FollowUp", "FollowUpStatus", "LetterKind", "LetterTemplate", "MailStatus", "OutboxMessage",
    "SweepRun", "Document", "DocumentPage", "ExtractionStatus", "EvidenceItem", "PurchaseTotal",
    "PurchaseChartTotal",
    "Letter",
    "LetterCitation", "OcrPage", "OcrSetting",
    "Campaign", "CampaignMember", "CampaignRequest", "CampaignShare", "CampaignLetter",
    "CampaignLetterCitation", "CampaignLetterSignature",
    "Agency", "AgencyAddressFailure", "AgencyChangeSuggestion", "AgencyKind", "AuditEvent",
    "Channel", "Closure",
    "ClosureSuggestion", "Communication", "Level", "LoginAttempt",
    "Organisation", "RecordsRequest", "Role", "Tag", "TrackingNumber", "User",
    "Mailbox", "MessageAuthentication",
]
