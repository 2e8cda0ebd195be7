"""The pages of one document that match a search, by the same engine and rules as search."""

from sqlalchemy import bindparam, func, literal_column, select, text

from ..documents.fulltext import FTS_TABLE, PG_CONFIG, PG_VECTOR_COLUMN
from ..documents.models import Document, DocumentPage
from ..documents.search import sqlite_match
from ..documents.search_query import ParsedQuery, websearch_text
from ..extensions import db

#: A document page lists at most this many pages with hits.
MAX_HIT_PAGES = 1000

_SQLITE_PAGES = text(f"""
SELECT p.page_number FROM {FTS_TABLE} f JOIN document_page p ON p.id = f.rowid
WHERE {FTS_TABLE} MATCH :match AND p.document_id = :document_id
ORDER BY p.page_number LIMIT :limit
""")


def pages_with_hits(document: Document, parsed: ParsedQuery) -> list[int]:
    """Return the numbers of the document's pages that the query finds, in page order."""
    if parsed.is_empty:
        return []
    if db.engine.dialect.name == "sqlite":
        match = sqlite_match(document.organisation_id, parsed, document.request_id)
        return list(db.session.scalars(_SQLITE_PAGES, {
            "match": match, "document_id": document.id, "limit": MAX_HIT_PAGES}))
    config = literal_column(f"'{PG_CONFIG}'::regconfig")
    vector = literal_column(f"document_page.{PG_VECTOR_COLUMN}")
    tsquery = func.websearch_to_tsquery(config, bindparam("q", websearch_text(parsed)))
    return list(db.session.scalars(
        select(DocumentPage.page_number)
        .where(DocumentPage.document_id == document.id, vector.op("@@")(tsquery))
        .order_by(DocumentPage.page_number).limit(MAX_HIT_PAGES)))
