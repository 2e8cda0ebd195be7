"""Agency records addresses that mail bounced from, and the note of a change the app proposed

Revision ID: 0024_agency_address_failures
Revises: 0023_purchase_chart_totals
Create Date: 2026-12-06 23:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

from foia_tracker.db_types import UTCDateTime


# revision identifiers, used by Alembic.
revision = '0024_agency_address_failures'
down_revision = '0023_purchase_chart_totals'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'agency_address_failure',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.Column('address', sa.String(length=254), nullable=False),
        sa.Column('failed_at', UTCDateTime(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('intake_message_id', sa.Integer(), nullable=True),
        sa.Column('proposal_id', sa.Integer(), nullable=True),
        sa.Column('cleared_at', UTCDateTime(), nullable=True),
        sa.Column('cleared_reason', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], ondelete='CASCADE',
                                name=op.f('fk_agency_address_failure_agency_id_agency')),
        sa.ForeignKeyConstraint(
            ['intake_message_id'], ['intake_message.id'], ondelete='SET NULL',
            name=op.f('fk_agency_address_failure_intake_message_id_intake_message')),
        sa.ForeignKeyConstraint(
            ['proposal_id'], ['agency_change_suggestion.id'], ondelete='SET NULL',
            name=op.f('fk_agency_address_failure_proposal_id_agency_change_suggestion')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_agency_address_failure')),
    )
    op.create_index('ix_agency_address_failure_open', 'agency_address_failure',
                    ['agency_id', 'cleared_at'], unique=False)
    with op.batch_alter_table('agency_change_suggestion') as batch_op:
        batch_op.add_column(sa.Column('note', sa.String(length=500), server_default='',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('agency_change_suggestion') as batch_op:
        batch_op.drop_column('note')
    op.drop_index('ix_agency_address_failure_open', table_name='agency_address_failure')
    op.drop_table('agency_address_failure')
