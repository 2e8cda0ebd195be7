"""Purchase amounts per organisation, technology, agency, year and currency, for the charts

Revision ID: 0023_purchase_chart_totals
Revises: 0022_covering_list_indexes
Create Date: 2026-12-06 21:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023_purchase_chart_totals'
down_revision = '0022_covering_list_indexes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'purchase_chart_total',
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('technology', sa.String(length=60), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('with_amount', sa.Integer(), nullable=False),
        sa.Column('amount_cents', sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'],
                                name=op.f('fk_purchase_chart_total_agency_id_agency')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_purchase_chart_total_organisation_id_organisation')),
        sa.PrimaryKeyConstraint('organisation_id', 'technology', 'agency_id', 'year', 'currency',
                                name=op.f('pk_purchase_chart_total')),
    )
    if op.get_bind().dialect.name == 'postgresql':
        year = "coalesce(CAST(extract(year FROM i.fact_date) AS INTEGER), 0)"
    else:
        year = "coalesce(CAST(strftime('%Y', i.fact_date) AS INTEGER), 0)"
    # Every item with an amount so far, deleted documents' too (the page takes those out).
    op.execute(
        "INSERT INTO purchase_chart_total (organisation_id, technology, agency_id, year, "
        "currency, with_amount, amount_cents) "
        f"SELECT i.organisation_id, i.technology, r.agency_id, {year}, i.currency, count(*), "
        "coalesce(sum(CAST(round(i.amount * 100) AS BIGINT)), 0) FROM evidence_item i "
        "JOIN document d ON d.id = i.document_id JOIN records_request r ON r.id = d.request_id "
        f"WHERE i.amount IS NOT NULL GROUP BY i.organisation_id, i.technology, r.agency_id, "
        f"{year}, i.currency")


def downgrade():
    op.drop_table('purchase_chart_total')
