"""OCR bookkeeping: one row per page waiting for OCR, and each organisation's languages."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db_types import UTCDateTime
from ..extensions import db
from .status import PageStatus

#: Tesseract models offered to users; an organisation chooses among them.
LANGUAGES = {"eng": "English", "spa": "Spanish"}
DEFAULT_LANGUAGES = "eng"


class OcrPage(db.Model):
    """A page whose text layer was empty or unusable: the unit of OCR work, claimed alone."""

    __table_args__ = (
        UniqueConstraint("document_id", "page_number", name="uq_ocr_page_number"),
        Index("ix_ocr_page_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"),
                                             index=True)
    page_number: Mapped[int]
    status: Mapped[str] = mapped_column(String(12), default=PageStatus.pending)
    #: The claiming worker's mark; a running page older than the stale timeout is taken over.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Claims so far: a page that kills its worker again and again is given up, not retried.
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str] = mapped_column(Text, default="")


class OcrSetting(db.Model):
    """An organisation's OCR languages, e.g. "eng" or "eng+spa" (Tesseract's notation)."""

    __tablename__ = "organisation_ocr"
    __audited__ = True

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), primary_key=True)
    languages: Mapped[str] = mapped_column(String(32), default=DEFAULT_LANGUAGES)

    @property
    def audit_label(self) -> str:
        return "OCR languages"


def language_label(languages: str) -> str:
    """Return "English and Spanish" for "eng+spa"."""
    names = [LANGUAGES.get(code, code) for code in languages.split("+") if code]
    return " and ".join(names) or LANGUAGES[DEFAULT_LANGUAGES]
