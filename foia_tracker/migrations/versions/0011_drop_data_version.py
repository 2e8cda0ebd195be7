"""Drop the organisation data versions: no page cache is keyed by them any more

Revision ID: 0011_drop_data_version
Revises: 0010_data_version
Create Date: 2026-12-06 16:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_drop_data_version'
down_revision = '0010_data_version'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('data_version')


def downgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('data_version', sa.BigInteger(), server_default='0',
                                      nullable=False))
