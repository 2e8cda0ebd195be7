"""An e-mail's attachments, each linked to the document that holds the same bytes, if any."""

from dataclasses import dataclass

from sqlalchemy import case, select

from ..documents.models import Document
from ..extensions import db
from .content import Attachment


@dataclass
class AttachmentLink:
    attachment: Attachment
    #: The organisation's live document with the attachment's bytes (perhaps unpacked from
    #: this e-mail, perhaps uploaded on its own); None when it was never stored.
    document: Document | None


def attachment_links(email_document: Document,
                     attachments: list[Attachment]) -> list[AttachmentLink]:
    """Return the attachments with the documents that hold their bytes, the e-mail's first."""
    hashes = {a.sha256 for a in attachments}
    if not hashes:
        return []
    candidates = db.session.scalars(
        select(Document).where(Document.organisation_id == email_document.organisation_id,
                               Document.sha256.in_(hashes), Document.deleted_at.is_(None))
        # Prefer the copy unpacked from this e-mail, then one of the same request, then oldest.
        .order_by(case((Document.archive_id == email_document.id, 0), else_=1),
                  case((Document.request_id == email_document.request_id, 0), else_=1),
                  Document.id))
    by_hash: dict[str, Document] = {}
    for document in candidates:
        by_hash.setdefault(document.sha256, document)
    return [AttachmentLink(a, by_hash.get(a.sha256)) for a in attachments]


def documents_filed_with(email_document: Document, linked: list[AttachmentLink]) -> list[Document]:
    """Return the other live documents of the e-mail's timeline entry not linked already.

    Mail intake files a message and its attachments on one timeline entry; attachments it
    unpacked from forms MIME does not show (winmail.dat, uuencoded files) are found this way.
    """
    if email_document.communication_id is None:
        return []
    shown = {link.document.id for link in linked if link.document is not None}
    return [document for document in db.session.scalars(
        select(Document).where(Document.communication_id == email_document.communication_id,
                               Document.id != email_document.id, Document.deleted_at.is_(None))
        .order_by(Document.sequence)) if document.id not in shown]
