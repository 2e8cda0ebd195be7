"""Pages record where their text came from (the file or OCR) and OCR's confidence

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


def downgrade():
    op.drop_column('document_page', 'ocr_confidence')
    op.drop_column('document_page', 'text_source')
