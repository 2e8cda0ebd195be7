"""Documents the current user may see: another organisation's, or a deleted one, is a 404."""

from functools import cache

from flask import abort
from flask_login import current_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm.attributes import set_committed_value

from ..campaigns.grants import shared_document
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


def shared_document_or_404(campaign_id: int, document_id: int) -> Document:
    """Return another organisation's document shared into a campaign we are a member of.

    The only way a document crosses its organisation's line: campaigns.grants says when.
    """
    document = shared_document(campaign_id=campaign_id, document_id=document_id,
                               reader_id=current_user.organisation_id)
    if document is None:
        abort(404)
    return document


def request_documents(request: RecordsRequest) -> list[Document]:
    """Return the request's live documents in exhibit order, with their timeline entries."""
    documents = list(db.session.scalars(_live_documents_statement(), {"request_id": request.id}))
    # A document's timeline entry is one of the request's, loaded for the page's timeline, and
    # its archive is nearly always a live document of the same request: both are at hand, and a
    # query for them again would cost more than the documents themselves. Only a deleted archive
    # is left to load on first use.
    entries = {c.id: c for c in request.communications}
    live = {d.id: d for d in documents}
    for document in documents:
        if document.communication_id in entries:
            set_committed_value(document, "communication", entries[document.communication_id])
        if document.archive_id in live:
            set_committed_value(document, "archive", live[document.archive_id])
    return documents


@cache
def _live_documents_statement():
    # Built once: the request page runs it on every view, and building costs as much as running.
    return (select(Document)
            .where(Document.request_id == bindparam("request_id"), Document.deleted_at.is_(None))
            .order_by(Document.sequence))


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
