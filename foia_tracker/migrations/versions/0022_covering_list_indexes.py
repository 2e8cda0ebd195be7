"""Covering indexes for the request list's status and technology filters

Revision ID: 0022_covering_list_indexes
Revises: 0021_campaigns
Create Date: 2026-12-06 19:40:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0022_covering_list_indexes'
down_revision = '0021_campaigns'
branch_labels = None
depends_on = None


def upgrade():
    # Each new index is a superset of the one it replaces: built first, so no query is ever
    # left without one.
    op.create_index('ix_request_org_status_due', 'records_request',
                    ['organisation_id', 'status', 'next_due_on', 'id'])
    op.drop_index('ix_request_org_status', table_name='records_request')
    op.create_index('ix_request_tag_tag_request', 'request_tag', ['tag_id', 'request_id'])
    op.drop_index('ix_request_tag_tag_id', table_name='request_tag')


def downgrade():
    op.create_index('ix_request_tag_tag_id', 'request_tag', ['tag_id'])
    op.drop_index('ix_request_tag_tag_request', table_name='request_tag')
    op.create_index('ix_request_org_status', 'records_request', ['organisation_id', 'status'])
    op.drop_index('ix_request_org_status_due', table_name='records_request')
