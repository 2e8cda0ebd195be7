"""Stewards of shared reference data: operators, agency creators, suggestions, object histories

Revision ID: 0012_reference_stewards
Revises: 0011_drop_data_version
Create Date: 2026-12-06 16:30:00.000000

"""
from alembic import op
import sqlalchemy as sa

import foia_tracker.db_types


# revision identifiers, used by Alembic.
revision = '0012_reference_stewards'
down_revision = '0011_drop_data_version'
branch_labels = None
depends_on = None

_STATUS = sa.Enum('pending', 'accepted', 'rejected', name='suggestionstatus', native_enum=False,
                  length=16)


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_operator', sa.Boolean(), server_default='0',
                                      nullable=False))
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.add_column(sa.Column('created_by_organisation_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_agency_created_by_organisation_id_organisation'), 'organisation',
            ['created_by_organisation_id'], ['id'], ondelete='SET NULL')
    _backfill_agency_creators()
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index('ix_audit_object', ['object_type', 'object_id', 'occurred_at'],
                              unique=False)
    op.create_table(
        'agency_change_suggestion',
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.Column('old_values', sa.JSON(), nullable=False),
        sa.Column('new_values', sa.JSON(), nullable=False),
        *_decision_columns('agency_change_suggestion'),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'],
                                name=op.f('fk_agency_change_suggestion_agency_id_agency'),
                                ondelete='CASCADE'),
    )
    with op.batch_alter_table('agency_change_suggestion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agency_change_suggestion_agency_id'), ['agency_id'],
                              unique=False)
        _decision_indexes(batch_op, 'agency_change_suggestion')
    op.create_table(
        'closure_suggestion',
        sa.Column('jurisdiction', sa.String(length=2), nullable=True),
        sa.Column('agency_id', sa.Integer(), nullable=True),
        sa.Column('closed_on', sa.Date(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        *_decision_columns('closure_suggestion'),
        sa.CheckConstraint('(jurisdiction IS NULL) != (agency_id IS NULL)',
                           name=op.f('ck_closure_suggestion_one_scope')),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'],
                                name=op.f('fk_closure_suggestion_agency_id_agency'),
                                ondelete='CASCADE'),
    )
    with op.batch_alter_table('closure_suggestion', schema=None) as batch_op:
        batch_op.create_index('ix_closure_suggestion_status_on', ['status', 'closed_on'],
                              unique=False)
        _decision_indexes(batch_op, 'closure_suggestion')


def _decision_columns(table: str) -> list:
    return [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('suggested_by_id', sa.Integer(), nullable=True),
        sa.Column('status', _STATUS, nullable=False),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_at', foia_tracker.db_types.UTCDateTime(timezone=True), nullable=True),
        sa.Column('reason', sa.String(length=500), nullable=False),
        sa.Column('created_at', foia_tracker.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f(f'fk_{table}_organisation_id_organisation')),
        sa.ForeignKeyConstraint(['suggested_by_id'], ['user.id'],
                                name=op.f(f'fk_{table}_suggested_by_id_user'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'],
                                name=op.f(f'fk_{table}_decided_by_id_user'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
    ]


def _decision_indexes(batch_op, table: str) -> None:
    batch_op.create_index(batch_op.f(f'ix_{table}_organisation_id'), ['organisation_id'],
                          unique=False)
    batch_op.create_index(batch_op.f(f'ix_{table}_status'), ['status'], unique=False)


def _backfill_agency_creators():
    # Who created an agency is known from its audit event; failing that, an agency that exactly
    # one organisation has requests with is treated as that organisation's, so that another's
    # editor cannot change it directly. The rest stay installation data (NULL).
    op.execute(
        "UPDATE agency SET created_by_organisation_id = ("
        " SELECT e.organisation_id FROM audit_event e"
        " WHERE e.object_type = 'Agency' AND e.action = 'created' AND e.object_id = agency.id"
        " AND e.organisation_id IS NOT NULL ORDER BY e.occurred_at, e.id LIMIT 1)")
    op.execute(
        "UPDATE agency SET created_by_organisation_id = ("
        " SELECT MIN(r.organisation_id) FROM records_request r WHERE r.agency_id = agency.id)"
        " WHERE created_by_organisation_id IS NULL AND ("
        " SELECT COUNT(DISTINCT r.organisation_id) FROM records_request r"
        " WHERE r.agency_id = agency.id) = 1")


def downgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_object')
    op.drop_table('closure_suggestion')
    op.drop_table('agency_change_suggestion')
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_agency_created_by_organisation_id_organisation'),
                                 type_='foreignkey')
        batch_op.drop_column('created_by_organisation_id')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('is_operator')
