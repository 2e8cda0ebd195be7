"""Mail intake: received messages, where each was filed, and Message-IDs of mail we sent

Revision ID: 0019_mail_intake
Revises: 0018_ocr
Create Date: 2026-12-06 20:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

from foia_tracker.db_types import UTCDateTime


# revision identifiers, used by Alembic.
revision = '0019_mail_intake'
down_revision = '0018_ocr'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'intake_message',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('dedupe_key', sa.String(length=100), nullable=False),
        sa.Column('message_id', sa.String(length=255), nullable=True),
        sa.Column('raw_sha256', sa.String(length=64), nullable=False),
        sa.Column('raw_size', sa.BigInteger(), nullable=False),
        sa.Column('via', sa.String(length=100), nullable=False),
        sa.Column('received_at', UTCDateTime(), nullable=False),
        sa.Column('sent_at', UTCDateTime(), nullable=True),
        sa.Column('from_address', sa.String(length=254), nullable=False),
        sa.Column('from_name', sa.String(length=200), nullable=False),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('thread_ids', sa.Text(), nullable=False),
        sa.Column('nature', sa.String(length=16), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('guesses', sa.JSON(), nullable=False),
        sa.Column('attachment_names', sa.JSON(), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_at', UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'],
                                name=op.f('fk_intake_message_decided_by_id_user')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_intake_message_organisation_id_organisation')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_intake_message')),
        sa.UniqueConstraint('organisation_id', 'dedupe_key', name='uq_intake_message_dedupe'),
    )
    op.create_index('ix_intake_message_org_state', 'intake_message',
                    ['organisation_id', 'state'])
    op.create_index('ix_intake_message_org_message_id', 'intake_message',
                    ['organisation_id', 'message_id'])
    op.create_table(
        'mail_filing',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('intake_message_id', sa.Integer(), nullable=False),
        sa.Column('request_id', sa.Integer(), nullable=False),
        sa.Column('communication_id', sa.Integer(), nullable=True),
        sa.Column('proposed_kind', sa.String(length=32), nullable=True),
        sa.Column('kind_reason', sa.Text(), nullable=False),
        sa.Column('is_kind_confirmed', sa.Boolean(), nullable=False),
        sa.Column('exhibits', sa.JSON(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['communication_id'], ['communication.id'], ondelete='SET NULL',
                                name=op.f('fk_mail_filing_communication_id_communication')),
        sa.ForeignKeyConstraint(['intake_message_id'], ['intake_message.id'],
                                name=op.f('fk_mail_filing_intake_message_id_intake_message')),
        sa.ForeignKeyConstraint(['request_id'], ['records_request.id'], ondelete='CASCADE',
                                name=op.f('fk_mail_filing_request_id_records_request')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_filing')),
        sa.UniqueConstraint('intake_message_id', 'request_id', name='uq_mail_filing_request'),
    )
    for column in ('intake_message_id', 'request_id', 'communication_id'):
        op.create_index(op.f(f'ix_mail_filing_{column}'), 'mail_filing', [column])
    op.create_table(
        'sent_message_id',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('message_id', sa.String(length=255), nullable=False),
        sa.Column('request_id', sa.Integer(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_sent_message_id_organisation_id_organisation')),
        sa.ForeignKeyConstraint(['request_id'], ['records_request.id'], ondelete='CASCADE',
                                name=op.f('fk_sent_message_id_request_id_records_request')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sent_message_id')),
        sa.UniqueConstraint('organisation_id', 'message_id', 'request_id',
                            name='uq_sent_message_id'),
    )
    op.create_index(op.f('ix_sent_message_id_request_id'), 'sent_message_id', ['request_id'])


def downgrade():
    op.drop_table('sent_message_id')
    op.drop_table('mail_filing')
    op.drop_table('intake_message')
