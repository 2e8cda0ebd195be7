"""Mailboxes read over IMAP, and the authentication verdict of each received message

Revision ID: 0020_mailboxes
Revises: 0019_mail_intake
Create Date: 2026-12-06 20:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

from foia_tracker.db_types import UTCDateTime


# revision identifiers, used by Alembic.
revision = '0020_mailboxes'
down_revision = '0019_mail_intake'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'mailbox',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('host', sa.String(length=253), nullable=False),
        sa.Column('port', sa.Integer(), nullable=False),
        sa.Column('security', sa.Enum('tls', 'starttls', name='security', native_enum=False,
                                      length=16), nullable=False),
        sa.Column('username', sa.String(length=254), nullable=False),
        sa.Column('secret_sealed', sa.Text(), nullable=False),
        sa.Column('folder', sa.String(length=200), nullable=False),
        sa.Column('filed_folder', sa.String(length=200), nullable=True),
        sa.Column('trusted_authserv_id', sa.String(length=253), nullable=True),
        sa.Column('uidvalidity', sa.BigInteger(), nullable=True),
        sa.Column('last_uid', sa.BigInteger(), nullable=False),
        sa.Column('last_checked_at', UTCDateTime(), nullable=True),
        sa.Column('last_read_at', UTCDateTime(), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('claim_token', sa.String(length=64), nullable=True),
        sa.Column('claimed_at', UTCDateTime(), nullable=True),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('organisation_id', 'name', name='uq_mailbox_org_name'),
    )
    op.create_index('ix_mailbox_organisation_id', 'mailbox', ['organisation_id'])
    op.create_table(
        'message_authentication',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('raw_sha256', sa.String(length=64), nullable=False),
        sa.Column('dkim', sa.String(length=16), nullable=False),
        sa.Column('dkim_domain', sa.String(length=253), nullable=True),
        sa.Column('spf', sa.String(length=16), nullable=True),
        sa.Column('dmarc', sa.String(length=16), nullable=True),
        sa.Column('authserv_id', sa.String(length=253), nullable=True),
        sa.Column('explanation', sa.Text(), nullable=False),
        sa.Column('checked_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('organisation_id', 'raw_sha256', name='uq_message_authentication_raw'),
    )


def downgrade():
    op.drop_table('message_authentication')
    op.drop_index('ix_mailbox_organisation_id', table_name='mailbox')
    op.drop_table('mailbox')
