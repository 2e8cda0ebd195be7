"""Indexes for the dashboard's overview and the purchases charts

Revision ID: 0025_overview_indexes
Revises: 0024_agency_address_failures
Create Date: 2026-12-06 22:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0025_overview_indexes'
down_revision = '0024_agency_address_failures'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_document_live_request', 'document', ['request_id'],
                    postgresql_where=sa.text('deleted_at IS NULL'),
                    sqlite_where=sa.text('deleted_at IS NULL'))
    op.create_index('ix_purchase_chart_total_org_currency', 'purchase_chart_total',
                    ['organisation_id', 'currency', 'year', 'agency_id', 'technology',
                     'with_amount', 'amount_cents'])


def downgrade():
    op.drop_index('ix_purchase_chart_total_org_currency', table_name='purchase_chart_total')
    op.drop_index('ix_document_live_request', table_name='document')
