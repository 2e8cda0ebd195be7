"""Indexes for the purchases page: deleted documents, and the newest purchases first

Revision ID: 0009_purchase_indexes
Revises: 0008_search_vector
Create Date: 2026-11-27 04:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_purchase_indexes'
down_revision = '0008_search_vector'
branch_labels = None
depends_on = None

# Copied, not imported: a migration must keep doing what it did when the app code moves on.
DATE_ORDER_INDEX = 'ix_evidence_item_org_date_order'


def upgrade():
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.create_index('ix_document_deleted', ['id'], unique=False,
                              postgresql_where=sa.text('deleted_at IS NOT NULL'),
                              sqlite_where=sa.text('deleted_at IS NOT NULL'))

    # PostgreSQL needs NULLS LAST to read this order from the index; SQLite refuses the clause
    # and puts NULLs last in a descending index anyway.
    nulls_last = ' NULLS LAST' if op.get_bind().dialect.name == 'postgresql' else ''
    op.execute(f'CREATE INDEX {DATE_ORDER_INDEX} ON evidence_item '
               f'(organisation_id, fact_date DESC{nulls_last}, id DESC)')


def downgrade():
    op.execute(f'DROP INDEX {DATE_ORDER_INDEX}')

    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_index('ix_document_deleted')
