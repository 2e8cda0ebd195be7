"""Indexes for the lists at coalition scale

Revision ID: 0007_list_indexes
Revises: 0006_fulltext
Create Date: 2026-11-26 17:30:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0007_list_indexes'
down_revision = '0006_fulltext'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('records_request', schema=None) as batch_op:
        batch_op.create_index('ix_request_org_agency', ['organisation_id', 'agency_id'], unique=False)
        batch_op.create_index('ix_request_org_assignee_due',
                              ['organisation_id', 'assignee_id', 'next_due_on'], unique=False)

    with op.batch_alter_table('evidence_item', schema=None) as batch_op:
        batch_op.create_index('ix_evidence_item_org_purchase', [
            'organisation_id', 'technology', 'vendor', 'currency', 'amount', 'product',
            'contract_number', 'document_id'], unique=False)
        # A prefix of the new index.
        batch_op.drop_index('ix_evidence_item_org_technology')


def downgrade():
    with op.batch_alter_table('evidence_item', schema=None) as batch_op:
        batch_op.create_index('ix_evidence_item_org_technology', ['organisation_id', 'technology'],
                              unique=False)
        batch_op.drop_index('ix_evidence_item_org_purchase')

    with op.batch_alter_table('records_request', schema=None) as batch_op:
        batch_op.drop_index('ix_request_org_assignee_due')
        batch_op.drop_index('ix_request_org_agency')
