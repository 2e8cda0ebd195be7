"""OCR: pages record their text's source and confidence; documents their OCR progress and
searchable copy; a queue of pages waiting for OCR; each organisation's OCR languages

Revision ID: 0018_ocr
Revises: 0017_extraction_cut
Create Date: 2026-12-06 19:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_ocr'
down_revision = '0017_extraction_cut'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN (no batch mode): recreating document_page would break the search view
    # and the SQLite full-text triggers that read it.
    op.add_column('document_page', sa.Column('text_source', sa.String(length=8),
                                             server_default='file', nullable=False))
    op.add_column('document_page', sa.Column('ocr_confidence', sa.Float(), nullable=True))
    # Existing documents start pending: scans uploaded before OCR existed get read too.
    for column in (
            sa.Column('ocr_status', sa.String(length=16), server_default='pending',
                      nullable=False),
            sa.Column('ocr_pages_done', sa.Integer(), server_default='0', nullable=False),
            sa.Column('ocr_pages_total', sa.Integer(), server_default='0', nullable=False),
            sa.Column('ocr_language', sa.String(length=32), server_default='', nullable=False),
            sa.Column('ocr_error', sa.Text(), server_default='', nullable=False),
            sa.Column('ocr_turn_at', sa.DateTime(timezone=True), nullable=True),
            sa.Column('searchable_sha256', sa.String(length=64), nullable=True),
            sa.Column('searchable_size_bytes', sa.BigInteger(), nullable=True),
            sa.Column('is_searchable_pdfa', sa.Boolean(), server_default='0', nullable=False)):
        op.add_column('document', column)
    op.create_index('ix_document_ocr_status', 'document', ['ocr_status'])
    op.create_table(
        'ocr_page',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('page_number', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('error', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['document.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('document_id', 'page_number', name='uq_ocr_page_number'))
    op.create_index('ix_ocr_page_status', 'ocr_page', ['status'])
    op.create_index('ix_ocr_page_document_id', 'ocr_page', ['document_id'])
    op.create_table(
        'organisation_ocr',
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('languages', sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id']),
        sa.PrimaryKeyConstraint('organisation_id'))


def downgrade():
    op.drop_table('organisation_ocr')
    op.drop_index('ix_ocr_page_document_id', table_name='ocr_page')
    op.drop_index('ix_ocr_page_status', table_name='ocr_page')
    op.drop_table('ocr_page')
    op.drop_index('ix_document_ocr_status', table_name='document')
    # Plain DROP COLUMN (SQLite 3.35+): recreating document would drop its full-text triggers.
    for name in ('is_searchable_pdfa', 'searchable_size_bytes', 'searchable_sha256',
                 'ocr_turn_at', 'ocr_error', 'ocr_language', 'ocr_pages_total',
                 'ocr_pages_done', 'ocr_status'):
        op.drop_column('document', name)
    op.drop_column('document_page', 'ocr_confidence')
    op.drop_column('document_page', 'text_source')
