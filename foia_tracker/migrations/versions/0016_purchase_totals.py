"""Purchase totals per organisation, technology, vendor and currency, kept by the evidence services

Revision ID: 0016_purchase_totals
Revises: 0015_followup_task_order
Create Date: 2026-12-06 17:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016_purchase_totals'
down_revision = '0015_followup_task_order'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'purchase_total',
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('technology', sa.String(length=60), nullable=False),
        sa.Column('vendor', sa.String(length=200), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('purchases', sa.Integer(), nullable=False),
        sa.Column('with_amount', sa.Integer(), nullable=False),
        sa.Column('amount_cents', sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_purchase_total_organisation_id_organisation')),
        sa.PrimaryKeyConstraint('organisation_id', 'technology', 'vendor', 'currency',
                                name=op.f('pk_purchase_total')),
    )
    # Every purchase so far, deleted documents' too (the page takes those out when it reads).
    op.execute(
        "INSERT INTO purchase_total (organisation_id, technology, vendor, currency, purchases, "
        "with_amount, amount_cents) "
        "SELECT organisation_id, technology, vendor, currency, count(*), count(amount), "
        "coalesce(sum(CAST(round(amount * 100) AS BIGINT)), 0) FROM evidence_item "
        "WHERE vendor != '' OR product != '' OR amount IS NOT NULL OR contract_number != '' "
        "GROUP BY organisation_id, technology, vendor, currency")


def downgrade():
    op.drop_table('purchase_total')
