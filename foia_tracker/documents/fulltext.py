"""Full-text index objects over document pages (FTS5 on SQLite, tsvector on PostgreSQL).

They are created and dropped with the document_page table (the tests' create_all/drop_all) by
the DDL listeners below, and by migration 0006_fulltext on existing databases; both use the
statements listed here.

SQLite: an external-content FTS5 table reads its text through a view that adds a `scope`
column holding the organisation and request tokens ("o17 r42"), or "deleted" for a
soft-deleted document. Matching `scope:o17` inside the FTS query lets the index itself keep an
organisation's search to its own pages, so ranking never touches other organisations' hits.
Triggers keep the index in step with the pages and with the documents' scope.

PostgreSQL: a stored generated column `search_vector` = to_tsvector('english', text) with a
GIN index; queries match and rank on it and join the document for the organisation. Ranking
must read the vector of every match: computed from the text on the fly (an expression index
alone), a common word took 53 s over 150,000 pages of one organisation; stored, 0.5 s.
"""

from sqlalchemy import DDL, event

from .models import DocumentPage

FTS_TABLE = "document_page_fts"
FTS_SOURCE_VIEW = "document_page_search"
PG_INDEX = "ix_document_page_text_search"
#: The stored tsvector column (PostgreSQL only; not a model column, as SQLite has no tsvector).
PG_VECTOR_COLUMN = "search_vector"
#: The text search configuration of the PostgreSQL index; queries must use the same one.
PG_CONFIG = "english"

_SCOPE = ("CASE WHEN d.deleted_at IS NULL THEN 'o' || d.organisation_id || ' r' || d.request_id "
          "ELSE 'deleted' END")
# Re-index a page: what the view says now, or remove what it said before the change.
_INDEX_PAGES = (f"INSERT INTO {FTS_TABLE}(rowid, text, scope) "
                f"SELECT id, text, scope FROM {FTS_SOURCE_VIEW} WHERE id IN ({{ids}})")
_UNINDEX_PAGES = (f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text, scope) "
                  f"SELECT 'delete', id, text, scope FROM {FTS_SOURCE_VIEW} WHERE id IN ({{ids}})")
_PAGES_OF_OLD = "SELECT id FROM document_page WHERE document_id = old.id"
_PAGES_OF_NEW = "SELECT id FROM document_page WHERE document_id = new.id"
#: The document columns the scope is made of: changing one re-indexes its pages.
_SCOPE_COLUMNS = "deleted_at, organisation_id, request_id"

SQLITE_CREATE = [
    f"CREATE VIEW {FTS_SOURCE_VIEW} AS SELECT p.id AS id, p.text AS text, {_SCOPE} AS scope "
    "FROM document_page p JOIN document d ON d.id = p.document_id",
    # Porter stemming: a search for "contract" finds "contracts", as on PostgreSQL.
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(text, scope, content='{FTS_SOURCE_VIEW}', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    # Rank by the text alone: every page of an organisation has the same scope tokens.
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES('rank', 'bm25(1.0, 0.0)')",
    f"CREATE TRIGGER document_page_fts_insert AFTER INSERT ON document_page BEGIN "
    f"{_INDEX_PAGES.format(ids='new.id')}; END",
    f"CREATE TRIGGER document_page_fts_delete BEFORE DELETE ON document_page BEGIN "
    f"{_UNINDEX_PAGES.format(ids='old.id')}; END",
    f"CREATE TRIGGER document_page_fts_before_update BEFORE UPDATE ON document_page BEGIN "
    f"{_UNINDEX_PAGES.format(ids='old.id')}; END",
    f"CREATE TRIGGER document_page_fts_after_update AFTER UPDATE ON document_page BEGIN "
    f"{_INDEX_PAGES.format(ids='new.id')}; END",
    f"CREATE TRIGGER document_fts_before_scope BEFORE UPDATE OF {_SCOPE_COLUMNS} ON document "
    f"BEGIN {_UNINDEX_PAGES.format(ids=_PAGES_OF_OLD)}; END",
    f"CREATE TRIGGER document_fts_after_scope AFTER UPDATE OF {_SCOPE_COLUMNS} ON document "
    f"BEGIN {_INDEX_PAGES.format(ids=_PAGES_OF_NEW)}; END",
    # Without its document a page drops out of the view, so unindex it while the join holds.
    f"CREATE TRIGGER document_fts_delete BEFORE DELETE ON document "
    f"BEGIN {_UNINDEX_PAGES.format(ids=_PAGES_OF_OLD)}; END",
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS document_fts_delete",
    "DROP TRIGGER IF EXISTS document_fts_after_scope",
    "DROP TRIGGER IF EXISTS document_fts_before_scope",
    "DROP TRIGGER IF EXISTS document_page_fts_after_update",
    "DROP TRIGGER IF EXISTS document_page_fts_before_update",
    "DROP TRIGGER IF EXISTS document_page_fts_delete",
    "DROP TRIGGER IF EXISTS document_page_fts_insert",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
    f"DROP VIEW IF EXISTS {FTS_SOURCE_VIEW}",
]

#: Fills the index from pages that existed before it (a migrated database).
SQLITE_REBUILD = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES('rebuild')"

POSTGRES_CREATE = [
    f"ALTER TABLE document_page ADD COLUMN {PG_VECTOR_COLUMN} tsvector "
    f"GENERATED ALWAYS AS (to_tsvector('{PG_CONFIG}'::regconfig, text)) STORED",
    f"CREATE INDEX {PG_INDEX} ON document_page USING gin ({PG_VECTOR_COLUMN})",
]
POSTGRES_DROP = [f"DROP INDEX IF EXISTS {PG_INDEX}",
                 f"ALTER TABLE document_page DROP COLUMN IF EXISTS {PG_VECTOR_COLUMN}"]


def is_fulltext_object(name: str | None) -> bool:
    """Tell whether a schema object belongs to the full-text index (not to the models)."""
    return bool(name) and (name in (PG_INDEX, PG_VECTOR_COLUMN) or name.startswith(FTS_TABLE))


def include_name(name, type_, parent_names) -> bool:
    """Alembic include_name hook: leave the full-text objects out of autogenerate."""
    return not is_fulltext_object(name)


def _listen(when: str, statements: list[str], dialect: str) -> None:
    for statement in statements:
        event.listen(DocumentPage.__table__, when, DDL(statement).execute_if(dialect=dialect))


_listen("after_create", SQLITE_CREATE, "sqlite")
_listen("before_drop", SQLITE_DROP, "sqlite")
_listen("after_create", POSTGRES_CREATE, "postgresql")
