"""Follow-ups in task order, read along an index by the dashboard

Revision ID: 0015_followup_task_order
Revises: 0013_login_sessions_totp
Create Date: 2026-12-06 16:40:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0015_followup_task_order'
down_revision = '0013_login_sessions_totp'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.create_index('ix_followup_org_deadline',
                              ['organisation_id', 'deadline_on', 'scheduled_on', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.drop_index('ix_followup_org_deadline')
