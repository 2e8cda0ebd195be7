"""Full-text index over document pages: FTS5 on SQLite, a GIN tsvector index on PostgreSQL

Revision ID: 0006_fulltext
Revises: 0005_evidence
Create Date: 2026-11-27 10:00:00.000000

The statements are copied here, not imported from foia_tracker.documents.fulltext, so this
revision keeps building the same objects whatever that module becomes;
tests/search/test_fulltext_schema.py checks the two agree.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0006_fulltext'
down_revision = '0005_evidence'
branch_labels = None
depends_on = None

_SCOPE = ("CASE WHEN d.deleted_at IS NULL THEN 'o' || d.organisation_id || ' r' || d.request_id "
          "ELSE 'deleted' END")
_INDEX = ("INSERT INTO document_page_fts(rowid, text, scope) "
          "SELECT id, text, scope FROM document_page_search WHERE id IN ({ids})")
_UNINDEX = ("INSERT INTO document_page_fts(document_page_fts, rowid, text, scope) "
            "SELECT 'delete', id, text, scope FROM document_page_search WHERE id IN ({ids})")
_OLD = "SELECT id FROM document_page WHERE document_id = old.id"
_NEW = "SELECT id FROM document_page WHERE document_id = new.id"
_COLUMNS = "deleted_at, organisation_id, request_id"

SQLITE_CREATE = [
    f"CREATE VIEW document_page_search AS SELECT p.id AS id, p.text AS text, {_SCOPE} AS scope "
    "FROM document_page p JOIN document d ON d.id = p.document_id",
    "CREATE VIRTUAL TABLE document_page_fts USING fts5(text, scope, "
    "content='document_page_search', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "INSERT INTO document_page_fts(document_page_fts, rank) VALUES('rank', 'bm25(1.0, 0.0)')",
    "CREATE TRIGGER document_page_fts_insert AFTER INSERT ON document_page BEGIN "
    f"{_INDEX.format(ids='new.id')}; END",
    "CREATE TRIGGER document_page_fts_delete BEFORE DELETE ON document_page BEGIN "
    f"{_UNINDEX.format(ids='old.id')}; END",
    "CREATE TRIGGER document_page_fts_before_update BEFORE UPDATE ON document_page BEGIN "
    f"{_UNINDEX.format(ids='old.id')}; END",
    "CREATE TRIGGER document_page_fts_after_update AFTER UPDATE ON document_page BEGIN "
    f"{_INDEX.format(ids='new.id')}; END",
    f"CREATE TRIGGER document_fts_before_scope BEFORE UPDATE OF {_COLUMNS} ON document "
    f"BEGIN {_UNINDEX.format(ids=_OLD)}; END",
    f"CREATE TRIGGER document_fts_after_scope AFTER UPDATE OF {_COLUMNS} ON document "
    f"BEGIN {_INDEX.format(ids=_NEW)}; END",
    "CREATE TRIGGER document_fts_delete BEFORE DELETE ON document "
    f"BEGIN {_UNINDEX.format(ids=_OLD)}; END",
    # Pages extracted before this revision.
    "INSERT INTO document_page_fts(document_page_fts) VALUES('rebuild')",
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS document_fts_delete",
    "DROP TRIGGER IF EXISTS document_fts_after_scope",
    "DROP TRIGGER IF EXISTS document_fts_before_scope",
    "DROP TRIGGER IF EXISTS document_page_fts_after_update",
    "DROP TRIGGER IF EXISTS document_page_fts_before_update",
    "DROP TRIGGER IF EXISTS document_page_fts_delete",
    "DROP TRIGGER IF EXISTS document_page_fts_insert",
    "DROP TABLE IF EXISTS document_page_fts",
    "DROP VIEW IF EXISTS document_page_search",
]

POSTGRES_CREATE = [
    "CREATE INDEX ix_document_page_text_search ON document_page "
    "USING gin (to_tsvector('english'::regconfig, text))",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS ix_document_page_text_search"]


def _run(statements):
    for statement in statements:
        op.execute(statement)


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        _run(SQLITE_CREATE)
    elif dialect == 'postgresql':
        _run(POSTGRES_CREATE)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        _run(SQLITE_DROP)
    elif dialect == 'postgresql':
        _run(POSTGRES_DROP)
