"""The shared pages' full-text index for campaign search (SQLite), and its share index

Revision ID: 0027_shared_pages_index
Revises: 0026_live_document_count
Create Date: 2026-12-07 16:40:00.000000

"""
from alembic import op

from foia_tracker.campaigns.search_index import (
    SHARE_DOCUMENT_INDEX, SQLITE_CREATE, SQLITE_DROP, SQLITE_REBUILD)


# revision identifiers, used by Alembic.
revision = '0027_shared_pages_index'
down_revision = '0026_live_document_count'
branch_labels = None
depends_on = None


def upgrade():
    # Before the index: its view looks up each page's shares through it.
    op.create_index(SHARE_DOCUMENT_INDEX, 'campaign_share', ['document_id', 'campaign_id'])
    if op.get_bind().dialect.name == 'sqlite':
        for statement in SQLITE_CREATE:
            op.execute(statement)
        op.execute(SQLITE_REBUILD)


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        for statement in SQLITE_DROP:
            op.execute(statement)
    op.drop_index(SHARE_DOCUMENT_INDEX, table_name='campaign_share')
