"""PostgreSQL full-text search reads a stored tsvector column instead of parsing page text

Revision ID: 0008_search_vector
Revises: 0007_list_indexes
Create Date: 2026-11-26 17:45:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0008_search_vector'
down_revision = '0007_list_indexes'
branch_labels = None
depends_on = None

# Copied, not imported: a migration must keep doing what it did when the app code moves on.
INDEX = "ix_document_page_text_search"


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
    op.execute("ALTER TABLE document_page ADD COLUMN search_vector tsvector "
               "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text)) STORED")
    op.execute(f"CREATE INDEX {INDEX} ON document_page USING gin (search_vector)")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
    op.execute("ALTER TABLE document_page DROP COLUMN IF EXISTS search_vector")
    op.execute(f"CREATE INDEX {INDEX} ON document_page "
               "USING gin (to_tsvector('english'::regconfig, text))")
