"""Coalition campaigns: members, linked requests, shared evidence and coalition letters

Revision ID: 0021_campaigns
Revises: 0020_mailboxes
Create Date: 2026-12-06 19:30:00.000000

"""
from alembic import op
import sqlalchemy as sa

from foia_tracker.db_types import UTCDateTime


# revision identifiers, used by Alembic.
revision = '0021_campaigns'
down_revision = '0020_mailboxes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('campaign',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('technologies', sa.String(length=500), nullable=False),
    sa.Column('lead_organisation_id', sa.Integer(), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_campaign_created_by_id_user')),
    sa.ForeignKeyConstraint(['lead_organisation_id'], ['organisation.id'], name=op.f('fk_campaign_lead_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign'))
    )
    op.create_index(op.f('ix_campaign_lead_organisation_id'), 'campaign', ['lead_organisation_id'], unique=False)
    op.create_table('campaign_letter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('addressee', sa.Text(), nullable=False),
    sa.Column('letter_date', sa.Date(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('signatories', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', UTCDateTime(timezone=True), nullable=False),
    sa.Column('finalised_at', UTCDateTime(timezone=True), nullable=True),
    sa.Column('finalised_by_id', sa.Integer(), nullable=True),
    sa.Column('frozen', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_letter_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_campaign_letter_created_by_id_user')),
    sa.ForeignKeyConstraint(['finalised_by_id'], ['user.id'], name=op.f('fk_campaign_letter_finalised_by_id_user')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_campaign_letter_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_letter'))
    )
    op.create_index(op.f('ix_campaign_letter_campaign_id'), 'campaign_letter', ['campaign_id'], unique=False)
    op.create_table('campaign_member',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('invited', 'member', 'declined', 'left', name='membershipstatus', native_enum=False, length=16), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('invited_at', UTCDateTime(timezone=True), nullable=False),
    sa.Column('responded_at', UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_member_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user.id'], name=op.f('fk_campaign_member_invited_by_id_user')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_campaign_member_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('campaign_id', 'organisation_id', name=op.f('pk_campaign_member'))
    )
    op.create_index('ix_campaign_member_org', 'campaign_member', ['organisation_id', 'status'], unique=False)
    op.create_table('campaign_request',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('linked_by_id', sa.Integer(), nullable=True),
    sa.Column('linked_at', UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_request_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['linked_by_id'], ['user.id'], name=op.f('fk_campaign_request_linked_by_id_user')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_campaign_request_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['request_id'], ['records_request.id'], name=op.f('fk_campaign_request_request_id_records_request'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('campaign_id', 'request_id', name=op.f('pk_campaign_request'))
    )
    op.create_index('ix_campaign_request_org', 'campaign_request', ['campaign_id', 'organisation_id'], unique=False)
    op.create_index(op.f('ix_campaign_request_request_id'), 'campaign_request', ['request_id'], unique=False)
    op.create_table('campaign_letter_signature',
    sa.Column('letter_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['user.id'], name=op.f('fk_campaign_letter_signature_confirmed_by_id_user')),
    sa.ForeignKeyConstraint(['letter_id'], ['campaign_letter.id'], name=op.f('fk_campaign_letter_signature_letter_id_campaign_letter'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_campaign_letter_signature_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('letter_id', 'organisation_id', name=op.f('pk_campaign_letter_signature'))
    )
    op.create_table('campaign_letter_citation',
    sa.Column('letter_id', sa.Integer(), nullable=False),
    sa.Column('evidence_item_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['evidence_item_id'], ['evidence_item.id'], name=op.f('fk_campaign_letter_citation_evidence_item_id_evidence_item')),
    sa.ForeignKeyConstraint(['letter_id'], ['campaign_letter.id'], name=op.f('fk_campaign_letter_citation_letter_id_campaign_letter'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('letter_id', 'evidence_item_id', name=op.f('pk_campaign_letter_citation'))
    )
    op.create_index(op.f('ix_campaign_letter_citation_evidence_item_id'), 'campaign_letter_citation', ['evidence_item_id'], unique=False)
    op.create_table('campaign_share',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('evidence_item_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('shared_by_id', sa.Integer(), nullable=True),
    sa.Column('shared_at', UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_share_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_campaign_share_document_id_document')),
    sa.ForeignKeyConstraint(['evidence_item_id'], ['evidence_item.id'], name=op.f('fk_campaign_share_evidence_item_id_evidence_item')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_campaign_share_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['shared_by_id'], ['user.id'], name=op.f('fk_campaign_share_shared_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_share')),
    sa.UniqueConstraint('campaign_id', 'evidence_item_id', name='uq_campaign_share_item')
    )
    op.create_index('ix_campaign_share_document', 'campaign_share', ['campaign_id', 'document_id'], unique=False)
    op.create_index(op.f('ix_campaign_share_evidence_item_id'), 'campaign_share', ['evidence_item_id'], unique=False)


def downgrade():
    for table in ('campaign_share', 'campaign_letter_citation', 'campaign_letter_signature',
                  'campaign_request', 'campaign_member', 'campaign_letter', 'campaign'):
        op.drop_table(table)
