"""Documents record whether their text extraction was cut at the bound

Revision ID: 0017_extraction_cut
Revises: 0016_purchase_totals
Create Date: 2026-12-06 18:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_extraction_cut'
down_revision = '0016_purchase_totals'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('document', sa.Column('is_text_cut', sa.Boolean(), server_default='0',
                                        nullable=False))


def downgrade():
    # Not in batch mode: recreating the table would break the search view that reads it;
    # SQLite 3.35+ drops a column in place.
    op.drop_column('document', 'is_text_cut')
