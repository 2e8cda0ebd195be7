"""Full-text search over document pages, ranked, paged, with snippets.

One engine, two scopes (DocumentScope): an organisation's own documents (optionally one
request's), or a granted set given as a SELECT of document ids (a campaign's shared documents).

User queries are parsed by search_query into words, "quoted phrases", OR and -exclusions and
rebuilt here as input the database engine always accepts. Snippets come from the database with control-character markers around the hits; the text is
escaped first and only then are the markers turned into <mark>, so document text never
becomes markup.
"""

import re
from dataclasses import dataclass

from markupsafe import Markup, escape
from sqlalchemy import Select, bindparam, func, literal_column, select, text

from ..agencies.models import Agency
from ..campaigns.search_index import SHARED_FTS_TABLE
from ..extensions import db
from ..orgs.models import Organisation
from ..records.models import RecordsRequest
from ..web.paging import PageNumbers
from .fulltext import FTS_TABLE, PG_CONFIG, PG_VECTOR_COLUMN
from .models import Document, DocumentPage
from .search_query import ParsedQuery, fts5_expression, query_parse, websearch_text

PER_PAGE = 50
HIT_START, HIT_STOP = "\x02", "\x03"
SNIPPET_TOKENS = 24

@dataclass(frozen=True)
class SearchHit:
    page_id: int
    page_number: int
    document_id: int
    exhibit_number: str
    document_name: str
    request_id: int
    request_reference: str
    request_title: str
    agency_name: str
    snippet: Markup
    #: "file" (the document's own text) or "ocr" (read from the page image; may misread).
    text_source: str = "file"
    #: The organisation that obtained the document (its name; shown by campaign search).
    organisation_name: str = ""


@dataclass(frozen=True)
class SearchResults(PageNumbers):
    """One page of hits; shaped like a Flask-SQLAlchemy pagination for the pager macro."""

    hits: list[SearchHit]
    total: int
    page: int
    per_page: int = PER_PAGE


@dataclass(frozen=True)
class DocumentScope:
    """The documents a search reads: an organisation's own, or those granted through a campaign."""

    #: The organisation whose documents are searched; None with `granted`.
    organisation_id: int | None = None
    #: Only this request's documents (with `organisation_id`).
    request_id: int | None = None
    #: A SELECT of the ids of the documents searched instead: a campaign's shares in force.
    granted: Select | None = None
    #: The campaign whose shares `granted` selects (its pages' token in the shared index).
    campaign_id: int | None = None

    def __post_init__(self):
        if (self.organisation_id is None) == (self.granted is None):
            raise ValueError("A search scope is an organisation or a granted set, not both.")
        if (self.granted is None) != (self.campaign_id is None):
            raise ValueError("A granted set is a campaign's: give both or neither.")


def documents_search(*, query: str, organisation_id: int | None = None,
                     request_id: int | None = None, scope: DocumentScope | None = None,
                     page: int = 1, per_page: int = PER_PAGE) -> SearchResults:
    """Return the scope's pages matching the query, best first, one page of them."""
    scope = scope or DocumentScope(organisation_id=organisation_id, request_id=request_id)
    parsed = query_parse(query)
    if parsed.is_empty:
        return SearchResults([], 0, page, per_page)
    offset = (page - 1) * per_page
    if db.engine.dialect.name == "sqlite":
        search = _sqlite_granted_search if scope.granted is not None else _sqlite_search
    else:
        search = _postgres_search
    rows, total = search(scope, parsed, per_page, offset)
    return SearchResults([_hit(row) for row in rows], total, page, per_page)


def snippet_markup(snippet: str) -> Markup:
    """Escape a snippet and turn its hit markers into <mark> elements, always balanced."""
    html, is_open = [], False
    for piece in re.split(f"([{HIT_START}{HIT_STOP}])", snippet or ""):
        if piece == HIT_START and not is_open:
            html.append("<mark>")
            is_open = True
        elif piece == HIT_STOP and is_open:
            html.append("</mark>")
            is_open = False
        elif piece not in (HIT_START, HIT_STOP):
            html.append(str(escape(piece)))
    return Markup("".join(html) + ("</mark>" if is_open else ""))


def sqlite_match(organisation_id: int, parsed: ParsedQuery, request_id: int | None) -> str:
    """Return the MATCH string: the organisation's (and request's) scope tokens and the text."""
    scope = f'scope : "o{organisation_id}"'
    if request_id is not None:
        scope += f' AND scope : "r{request_id}"'
    return f"{scope} AND {text_match(parsed)}"


# The ranked page of hits and the total come from the index alone, in one pass (the window
# count costs next to nothing, a second MATCH for the count would cost as much again); the page
# is then joined for its details, and each of its rows seeks its snippet in the index. The
# snippet matches the text terms alone, in the main index for a campaign's pages too: the scope
# tokens highlight nothing, and the main index's content view reads a page more cheaply.
_SQLITE_OWN_HITS = f"""
    SELECT rowid AS page_id, rank, count(*) OVER () AS total
    FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match
    ORDER BY rank LIMIT :limit OFFSET :offset
"""
# A granted set spans organisations: the shared pages' index (campaigns.search_index) narrows
# to the campaign's token, and the documents themselves are filtered before ranking, so a page
# of hits holds only those granted now.
_SQLITE_GRANTED_HITS = f"""
    SELECT f.rowid AS page_id, f.rank AS rank, count(*) OVER () AS total
    FROM {SHARED_FTS_TABLE} f JOIN document_page gp ON gp.id = f.rowid
    WHERE {SHARED_FTS_TABLE} MATCH :match AND gp.document_id IN :document_ids
    ORDER BY f.rank LIMIT :limit OFFSET :offset
"""
_SQLITE_DETAILS = f"""
SELECT p.id AS page_id, p.page_number, p.text_source, d.id AS document_id, d.exhibit_number,
       d.original_name AS document_name, r.id AS request_id, o.code AS organisation_code,
       o.name AS organisation_name,
       r.year, r.number, r.title AS request_title, a.name AS agency_name, hit.total,
       (SELECT snippet({FTS_TABLE}, 0, :start, :stop, '…', {SNIPPET_TOKENS}) FROM {FTS_TABLE}
        WHERE {FTS_TABLE} MATCH :text_match AND rowid = hit.page_id) AS snippet
FROM hit
JOIN document_page p ON p.id = hit.page_id
JOIN document d ON d.id = p.document_id
JOIN records_request r ON r.id = d.request_id
JOIN organisation o ON o.id = r.organisation_id
JOIN agency a ON a.id = r.agency_id
WHERE {{scope}} AND d.deleted_at IS NULL
ORDER BY hit.rank, hit.page_id
"""
_SQLITE_HITS = text(f"WITH hit AS MATERIALIZED ({_SQLITE_OWN_HITS})"
                    + _SQLITE_DETAILS.format(scope="d.organisation_id = :organisation_id"))
_SQLITE_GRANTED = text(f"WITH hit AS MATERIALIZED ({_SQLITE_GRANTED_HITS})"
                       + _SQLITE_DETAILS.format(scope="d.id IN :document_ids")
                       ).bindparams(bindparam("document_ids", expanding=True))
_SQLITE_COUNT = text(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match")
_SQLITE_GRANTED_COUNT = text(
    f"SELECT count(*) FROM {SHARED_FTS_TABLE} f JOIN document_page gp ON gp.id = f.rowid "
    f"WHERE {SHARED_FTS_TABLE} MATCH :match AND gp.document_id IN :document_ids"
).bindparams(bindparam("document_ids", expanding=True))


def _sqlite_search(scope, parsed, limit, offset):
    match = sqlite_match(scope.organisation_id, parsed, scope.request_id)
    rows = db.session.execute(_SQLITE_HITS, {
        "match": match, "text_match": text_match(parsed), "limit": limit, "offset": offset,
        "start": HIT_START, "stop": HIT_STOP,
        "organisation_id": scope.organisation_id}).all()
    if rows:
        return rows, rows[0].total
    # Past the last page the window has no row to carry the total.
    return rows, db.session.scalar(_SQLITE_COUNT, {"match": match}) if offset else 0


def _sqlite_granted_search(scope, parsed, limit, offset):
    document_ids = list(db.session.scalars(
        select(Document.id).where(Document.id.in_(scope.granted), Document.deleted_at.is_(None))))
    if not document_ids:
        return [], 0
    match = f'scope : "c{scope.campaign_id}" AND {text_match(parsed)}'
    values = {"match": match, "document_ids": document_ids}
    rows = db.session.execute(_SQLITE_GRANTED, {
        **values, "text_match": text_match(parsed), "limit": limit, "offset": offset,
        "start": HIT_START, "stop": HIT_STOP}).all()
    if rows:
        return rows, rows[0].total
    return rows, db.session.scalar(_SQLITE_GRANTED_COUNT, values) if offset else 0


def text_match(parsed: ParsedQuery) -> str:
    """Return the MATCH string of the query's terms in the text column, without a scope."""
    return f"text : ({fts5_expression(parsed)})"


def _postgres_search(scope, parsed, limit, offset):
    config = literal_column(f"'{PG_CONFIG}'::regconfig")
    # The stored, GIN-indexed column: matching and ranking read it instead of parsing text.
    vector = literal_column(f"document_page.{PG_VECTOR_COLUMN}")
    tsquery = func.websearch_to_tsquery(config, bindparam("q", websearch_text(parsed)))
    matching = (
        _postgres_pages(scope).join(Document, Document.id == DocumentPage.document_id)
        .where(vector.op("@@")(tsquery), Document.deleted_at.is_(None)))
    if scope.granted is None:
        matching = matching.where(Document.organisation_id == scope.organisation_id)
    if scope.request_id is not None:
        matching = matching.where(Document.request_id == scope.request_id)
    rank = func.ts_rank(vector, tsquery)
    # Ranking reads every match anyway: the window counts them in the same pass.
    ranked = (matching.add_columns(rank.label("rank"), func.count().over().label("total"))
              .order_by(rank.desc(), DocumentPage.id).limit(limit).offset(offset).subquery())
    options = (f'StartSel="{HIT_START}", StopSel="{HIT_STOP}", MaxFragments=2, MaxWords=30, '
               'MinWords=12, FragmentDelimiter=" … "')
    rows = db.session.execute(
        _detail_columns(func.ts_headline(config, DocumentPage.text, tsquery, options))
        .add_columns(ranked.c.total)
        .join(ranked, ranked.c.id == DocumentPage.id)
        .order_by(ranked.c.rank.desc(), DocumentPage.id)).all()
    if rows or not offset:
        return rows, rows[0].total if rows else 0
    # Past the last page the window has no row to carry the total.
    return rows, db.session.scalar(select(func.count()).select_from(matching.subquery()))


def _postgres_pages(scope) -> Select:
    """Return the SELECT of page ids a search starts from: all, or the granted documents'."""
    if scope.granted is None:
        return select(DocumentPage.id)
    # A campaign's shared documents have about a thousand pages: their stored vectors are
    # tested one by one (25 ms). Matched through the GIN index instead, the planner read every
    # page of the installation with the words (134,903 for "face recognition": 150 ms) and
    # kept 138. The materialised CTE keeps it from combining the two again.
    granted = (select(DocumentPage.id).where(DocumentPage.document_id.in_(scope.granted))
               .cte("granted_page").prefix_with("MATERIALIZED"))
    return select(DocumentPage.id).select_from(granted).join(
        DocumentPage, DocumentPage.id == granted.c.id)


def _detail_columns(snippet):
    return (
        select(DocumentPage.id.label("page_id"), DocumentPage.page_number,
               DocumentPage.text_source,
               Document.id.label("document_id"), Document.exhibit_number,
               Document.original_name.label("document_name"),
               RecordsRequest.id.label("request_id"), Organisation.code.label("organisation_code"),
               Organisation.name.label("organisation_name"),
               RecordsRequest.year, RecordsRequest.number,
               RecordsRequest.title.label("request_title"), Agency.name.label("agency_name"),
               snippet.label("snippet"))
        .select_from(DocumentPage)
        .join(Document, Document.id == DocumentPage.document_id)
        .join(RecordsRequest, RecordsRequest.id == Document.request_id)
        .join(Organisation, Organisation.id == RecordsRequest.organisation_id)
        .join(Agency, Agency.id == RecordsRequest.agency_id))


def _hit(row) -> SearchHit:
    return SearchHit(
        page_id=row.page_id, page_number=row.page_number, document_id=row.document_id,
        exhibit_number=row.exhibit_number, document_name=row.document_name,
        request_id=row.request_id,
        request_reference=RecordsRequest.format_reference(row.organisation_code, row.year,
                                                          row.number),
        request_title=row.request_title, agency_name=row.agency_name,
        snippet=snippet_markup(row.snippet), text_source=row.text_source,
        organisation_name=row.organisation_name)
