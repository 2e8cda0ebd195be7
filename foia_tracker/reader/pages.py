"""What the reader shows for one page of a document: its image, its text, hits and evidence."""

from dataclasses import dataclass, field

from markupsafe import Markup
from sqlalchemy import Select, select

from ..documents.models import Document, DocumentPage
from ..documents.search_query import query_parse
from ..evidence.access import items_of_document
from ..evidence.models import EvidenceItem
from ..extensions import db
from ..storage import document_store
from .attachments import AttachmentLink, attachment_links, documents_filed_with
from .content import (Blocks, ContentUnreadable, EmailContent, email_content, excel_content,
                      text_content, word_content)
from .highlight import Quotation, highlighted, searched_words
from .images import page_image_ready, page_total
from .kinds import ReaderKind, reader_kind
from .render import PageUnreadable

#: The width the page is shown at before any zoom.
PAGE_WIDTH = 800
#: Zoom levels (per cent) and the image width each one loads.
ZOOM_WIDTHS = {100: 800, 150: 1200, 200: 1600}


class PageMissing(Exception):
    """The document has no such page; the message says how many it has."""


@dataclass
class ReaderPage:
    document: Document
    kind: ReaderKind
    number: int
    total: int
    #: Why the file (or this page of it) cannot be shown, for the reader to say.
    error: str = ""
    text: DocumentPage | None = None
    evidence: list[EvidenceItem] = field(default_factory=list)
    email: EmailContent | None = None
    attachments: list[AttachmentLink] = field(default_factory=list)
    filed_with: list[Document] = field(default_factory=list)
    blocks: Blocks | None = None
    plain: str | None = None
    words: frozenset[str] = frozenset()
    quotations: tuple[Quotation, ...] = ()

    def mark(self, text: str) -> Markup:
        """Return text escaped, with the searched words and the evidence quotations marked."""
        return highlighted(text, self.words, self.quotations)

    @property
    def has_image(self) -> bool:
        return self.kind.is_paged and not self.error


def reader_page(document: Document, number: int, *, query: str = "",
                shown_items: Select | None = None, readable: Select | None = None) -> ReaderPage:
    """Gather what page `number` of the document shows; raise PageMissing if it has none.

    A reader outside the owner (a campaign member) passes what the grant lets it see: the
    SELECTs of the evidence item ids shown and of the other documents' ids it may open.
    """
    kind = reader_kind(document.media_type)
    try:
        total, error = page_total(document), ""
    except PageUnreadable as unreadable:
        total, error = 1, str(unreadable)
    if not 1 <= number <= total:
        pages = "1 page" if total == 1 else f"{total:,} pages"
        raise PageMissing(f"Exhibit {document.exhibit_number} has {pages}; there is no page "
                          f"{number:,}.")
    page = ReaderPage(document, kind, number, total, error=error)
    page.text = _page_text(document, number)
    page.evidence = _evidence_on(document, number, shown_items)
    page.words = searched_words(query_parse(query)) if query else frozenset()
    page.quotations = tuple(Quotation(item.id, item.quotation)
                            for item in page.evidence if item.quotation)
    if kind.is_paged and not error:
        _draw(page)
    elif not kind.is_paged:
        _read_content(page, readable)
    return page


def _draw(page: ReaderPage) -> None:
    try:
        page_image_ready(page.document, page.number, PAGE_WIDTH)
    except PageUnreadable as unreadable:
        page.error = str(unreadable)


def _read_content(page: ReaderPage, readable: Select | None) -> None:
    kind, document = page.kind, page.document
    try:
        with document_store().open_seekable(document.sha256) as stream:
            if kind is ReaderKind.email:
                page.email = email_content(stream)
            elif kind is ReaderKind.word:
                page.blocks = word_content(stream)
            elif kind is ReaderKind.excel:
                page.blocks = excel_content(stream)
            elif kind is ReaderKind.text:
                page.plain = text_content(stream)
    except ContentUnreadable as unreadable:
        page.error = str(unreadable)
    if page.email:
        page.attachments = attachment_links(document, page.email.attachments)
        page.filed_with = documents_filed_with(document, page.attachments)
    if readable is not None and (page.attachments or page.filed_with):
        _keep_readable(page, readable)


def _keep_readable(page: ReaderPage, readable: Select) -> None:
    # The owner's other documents stay behind its line unless they are granted too.
    linked = [link.document.id for link in page.attachments if link.document is not None]
    allowed = set(db.session.scalars(select(Document.id).where(
        Document.id.in_(linked + [other.id for other in page.filed_with]),
        Document.id.in_(readable))))
    page.attachments = [
        link if link.document is None or link.document.id in allowed
        else AttachmentLink(link.attachment, None) for link in page.attachments]
    page.filed_with = [other for other in page.filed_with if other.id in allowed]


def _page_text(document: Document, number: int) -> DocumentPage | None:
    return db.session.scalar(select(DocumentPage).where(
        DocumentPage.document_id == document.id, DocumentPage.page_number == number))


def _evidence_on(document: Document, number: int, shown: Select | None) -> list[EvidenceItem]:
    # An item without pages is on a document of one page (or of no pages at all).
    items = [item for item in items_of_document(document)
             if (item.page_from or 1) <= number <= (item.page_to or item.page_from or 1)]
    if shown is None or not items:
        return items
    allowed = set(db.session.scalars(select(EvidenceItem.id).where(
        EvidenceItem.id.in_([item.id for item in items]), EvidenceItem.id.in_(shown))))
    return [item for item in items if item.id in allowed]
