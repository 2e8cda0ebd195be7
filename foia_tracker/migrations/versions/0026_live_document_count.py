"""Each request's live-document count, kept by triggers, in the status index

Revision ID: 0026_live_document_count
Revises: 0025_overview_indexes
Create Date: 2026-12-07 05:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

from foia_tracker.documents.live_counts import (
    POSTGRES_CREATE, POSTGRES_DROP, RECOUNT, SQLITE_CREATE, SQLITE_DROP)


# revision identifiers, used by Alembic.
revision = '0026_live_document_count'
down_revision = '0025_overview_indexes'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('records_request', sa.Column('live_document_count', sa.Integer(),
                                               server_default='0', nullable=False))
    is_sqlite = op.get_bind().dialect.name == 'sqlite'
    # Triggers before the count: on PostgreSQL a document written meanwhile waits for this
    # transaction, and then both the trigger and the count see it once.
    for statement in SQLITE_CREATE if is_sqlite else POSTGRES_CREATE:
        op.execute(statement)
    op.execute(RECOUNT)
    op.drop_index('ix_request_org_status_due', table_name='records_request')
    op.create_index('ix_request_org_status_due', 'records_request',
                    ['organisation_id', 'status', 'next_due_on', 'id', 'live_document_count'])


def downgrade():
    op.drop_index('ix_request_org_status_due', table_name='records_request')
    op.create_index('ix_request_org_status_due', 'records_request',
                    ['organisation_id', 'status', 'next_due_on', 'id'])
    is_sqlite = op.get_bind().dialect.name == 'sqlite'
    for statement in SQLITE_DROP if is_sqlite else POSTGRES_DROP:
        op.execute(statement)
    op.drop_column('records_request', 'live_document_count')
