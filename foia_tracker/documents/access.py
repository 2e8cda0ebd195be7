"""Documents the current user may see: another organisation's, or a deleted one, is a 404."""

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..communications.models import Communication
from ..extensions import db
from ..records.models import RecordsRequest
from .forms import UploadForm
from .models import Document


def owned_document_or_404(document_id: int) -> Document:
    """Return the document if it is the organisation's; deleted ones only for admins."""
    document = db.session.get(Document, document_id)
    if document is None or document.organisation_id != current_user.organisation_id:
        abort(404)
    if document.is_deleted and not current_user.is_admin:
        abort(404)
    return document


def request_communication_or_none(request: RecordsRequest, communication_id: int | None
                                  ) -> Communication | None:
    """Return the request's own timeline entry with this id (None when no id is given)."""
    if communication_id is None:
        return None
    communication = db.session.get(Communication, communication_id)
    if communication is None or communication.request_id != request.id:
        abort(404)
    return communication


def request_documents(request: RecordsRequest) -> list[Document]:
    """Return the request's live documents in exhibit order, with their timeline entries."""
    return list(db.session.scalars(
        select(Document).where(Document.request_id == request.id, Document.deleted_at.is_(None))
        .options(selectinload(Document.communication), selectinload(Document.archive))
        .order_by(Document.sequence)))


def archive_members(document: Document) -> list[Document]:
    """Return the live documents unpacked from this archive, in archive order."""
    return list(db.session.scalars(
        select(Document).where(Document.archive_id == document.id, Document.deleted_at.is_(None))
        .order_by(Document.sequence)))


def version_chain(document: Document) -> list[Document]:
    """Return the versions of this document the user may see, oldest first, itself included."""
    older = []
    current = document.previous_version
    while current is not None:
        older.append(current)
        current = current.previous_version
    newer = []
    current = document
    while (current := db.session.scalar(select(Document).where(
            Document.previous_version_id == current.id).order_by(Document.id).limit(1))):
        newer.append(current)
    chain = [*reversed(older), document, *newer]
    # Deleted versions leave every list, admins' too; an admin sees one only on its own page.
    return [d for d in chain if d is document or not d.is_deleted]


def documents_context(request: RecordsRequest, upload_form=None) -> dict:
    """Return what the request page's Documents section needs."""
    return {"documents": request_documents(request),
            "upload_form": upload_form or UploadForm(records_request=request)}
