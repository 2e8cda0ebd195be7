"""Documents: the files agencies return, kept as immutable, integrity-hashed evidence."""

import enum
from datetime import datetime

from sqlalchemy import (BigInteger, Boolean, Enum, Float, ForeignKey, Index, String, Text,
                        UniqueConstraint, text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..communications.models import Communication
from ..db_types import UTCDateTime, utcnow
from ..extensions import db
from ..ocr.status import OcrStatus
from ..records.models import RecordsRequest
from ..users.models import User


class ExtractionStatus(enum.Enum):
    pending = "Waiting for text extraction"
    running = "Extracting text"
    done = "Text extracted"
    failed = "Text extraction failed"
    #: Types we do not read text from (images, spreadsheets, archives).
    skipped = "No text to extract"


class Document(db.Model):
    """One file's bytes as received; never changed after upload (a correction is a new row)."""

    __audited__ = True
    __table_args__ = (
        UniqueConstraint("organisation_id", "exhibit_number", name="uq_document_exhibit"),
        UniqueConstraint("request_id", "sequence", name="uq_document_request_sequence"),
        Index("ix_document_org_sha256", "organisation_id", "sha256"),
        Index("ix_document_extraction_status", "extraction_status"),
        Index("ix_document_ocr_status", "ocr_status"),
        # Lists leave out the items of deleted documents: an anti-join against the few deleted
        # ones, not a scan of every document for its deleted_at.
        Index("ix_document_deleted", "id", postgresql_where=text("deleted_at IS NOT NULL"),
              sqlite_where=text("deleted_at IS NOT NULL")),
        # "Has this request a document?" (the dashboard's awaiting-documents count, the
        # request list's filter) answered from the index, without reading each document row
        # for its deleted_at.
        Index("ix_document_live_request", "request_id",
              postgresql_where=text("deleted_at IS NULL"), sqlite_where=text("deleted_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("records_request.id"), index=True)
    #: The timeline entry the file came with, e.g. the final release of 2026-03-12.
    communication_id: Mapped[int | None] = mapped_column(
        ForeignKey("communication.id"), index=True)
    #: Document number within the request: the last part of the exhibit number.
    sequence: Mapped[int]
    #: Citable and stable, e.g. OR-2026-0042-003.
    exhibit_number: Mapped[str] = mapped_column(String(40))
    #: The name the file arrived with, cleaned for display; never used as a path.
    original_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    #: Detected from the bytes, not the client's claim.
    media_type: Mapped[str] = mapped_column(String(100))
    page_count: Mapped[int | None]
    #: The ZIP archive this file was unpacked from, and its path inside it.
    archive_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"), index=True)
    archive_path: Mapped[str] = mapped_column(String(1000), default="")
    #: The document this one is a corrected copy of.
    previous_version_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Soft delete only: evidence is never destroyed, an admin hides it with a reason.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    deletion_reason: Mapped[str] = mapped_column(Text, default="")
    extraction_status: Mapped[ExtractionStatus] = mapped_column(
        Enum(ExtractionStatus, native_enum=False, length=16), default=ExtractionStatus.pending)
    #: Progress of the extraction, in pages (or 1 for single-part files).
    extracted_pages: Mapped[int] = mapped_column(default=0, server_default="0")
    extraction_error: Mapped[str] = mapped_column(Text, default="")
    extracted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The text reached EXTRACTION_MAX_TEXT_BYTES and the rest was not extracted.
    is_text_cut: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    #: OCR of the pages whose text layer is empty or unusable (see foia_tracker/ocr/).
    ocr_status: Mapped[OcrStatus] = mapped_column(
        Enum(OcrStatus, native_enum=False, length=16), default=OcrStatus.pending,
        server_default="pending")
    #: Progress: pages read by OCR (or given up) of the pages that need it.
    ocr_pages_done: Mapped[int] = mapped_column(default=0, server_default="0")
    ocr_pages_total: Mapped[int] = mapped_column(default=0, server_default="0")
    #: Tesseract languages, e.g. "eng+spa"; empty until planned (then the organisation's).
    ocr_language: Mapped[str] = mapped_column(String(32), default="", server_default="")
    ocr_error: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: When the document last had a turn: the next page comes from the one waiting longest.
    ocr_turn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The searchable copy (the original with an invisible text layer), a derived file.
    searchable_sha256: Mapped[str | None] = mapped_column(String(64))
    searchable_size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    is_searchable_pdfa: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    request: Mapped[RecordsRequest] = relationship()
    communication: Mapped[Communication | None] = relationship()
    uploaded_by: Mapped[User | None] = relationship(foreign_keys=[uploaded_by_id])
    deleted_by: Mapped[User | None] = relationship(foreign_keys=[deleted_by_id])
    archive: Mapped["Document | None"] = relationship(
        remote_side=[id], foreign_keys=[archive_id])
    previous_version: Mapped["Document | None"] = relationship(
        remote_side=[id], foreign_keys=[previous_version_id])

    @property
    def audit_label(self) -> str:
        return f"{self.exhibit_number} {self.original_name}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def __str__(self) -> str:
        return f"Exhibit {self.exhibit_number} ({self.original_name})"


class DocumentPage(db.Model):
    """The extracted text of one page (PDF) or of the whole file (e-mail, Word, text)."""

    __table_args__ = (
        UniqueConstraint("document_id", "page_number", name="uq_document_page_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    page_number: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    #: Where the text came from: the file's own text layer ("file") or OCR of the page image
    #: ("ocr"). Search hits and the reader say which, since OCR text can misread words.
    text_source: Mapped[str] = mapped_column(String(8), default="file", server_default="file")
    #: Tesseract's mean word confidence (0-100) for OCR text; None for the file's own text.
    ocr_confidence: Mapped[float | None] = mapped_column(Float)
