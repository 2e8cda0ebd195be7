"""OCR use-cases of the web and the command line: run a document again, set the languages."""

from sqlalchemy import delete, select

from ..documents.models import Document
from ..extensions import db
from ..storage import document_store
from .copy import copy_file_name
from .engine import OCR_TYPES
from .models import LANGUAGES, OcrPage, OcrSetting, language_label
from .planning import organisation_languages
from .status import OcrStatus


class OcrRefused(Exception):
    """The OCR action makes no sense for this document; the message says why."""

    status = 409


def language_choices(organisation_id: int) -> list[tuple[str, str]]:
    """Return the languages an editor may run OCR in: each allowed one, and all together."""
    codes = organisation_languages(organisation_id).split("+")
    choices = [(code, LANGUAGES.get(code, code)) for code in codes]
    if len(codes) > 1:
        together = "+".join(codes)
        choices.append((together, language_label(together)))
    return choices


def document_ocr_rerun(*, document: Document, languages: str, actor) -> None:
    """Queue a document's OCR again in these languages, from its first page, and commit."""
    if document.is_deleted:
        raise OcrRefused(f"Exhibit {document.exhibit_number} is deleted.")
    if document.media_type.split(";")[0].lower() not in OCR_TYPES:
        raise OcrRefused("Only PDFs and PNG, JPEG or TIFF images are read by OCR.")
    old_copy = document.searchable_sha256
    # Rows of pages in flight go: their workers' claims fail and they write nothing.
    db.session.execute(delete(OcrPage).where(OcrPage.document_id == document.id))
    document.ocr_language = languages
    document.ocr_status = OcrStatus.pending
    document.ocr_pages_done = document.ocr_pages_total = 0
    document.ocr_error = ""
    document.searchable_sha256 = document.searchable_size_bytes = None
    document.is_searchable_pdfa = False
    document.audit_reason = f"OCR run again in {language_label(languages)}"
    db.session.commit()
    if old_copy:
        # After the commit: the row no longer points at the old copy.
        document_store().delete_derived(document.sha256, copy_file_name(document.id))


def organisation_ocr_languages_set(*, organisation_id: int, languages: str) -> None:
    """Set the organisation's OCR languages (audited) and commit."""
    setting = db.session.scalar(select(OcrSetting).where(
        OcrSetting.organisation_id == organisation_id))
    if setting is None:
        setting = OcrSetting(organisation_id=organisation_id)
        db.session.add(setting)
    setting.languages = languages
    db.session.commit()
