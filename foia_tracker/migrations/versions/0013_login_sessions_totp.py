"""Login throttling by source address, session generations

Revision ID: 0013_login_sessions_totp
Revises: 0014_reference_stewards
Create Date: 2026-12-06 16:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_login_sessions_totp'
down_revision = '0014_reference_stewards'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.create_index('ix_login_attempt_addr_at', ['remote_addr', 'attempted_at'],
                              unique=False)
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), server_default='0',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_login_attempt_addr_at')
