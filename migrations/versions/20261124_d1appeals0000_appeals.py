"""appeals

Revision ID: d1appeals0000
Revises: c3workdays000
Create Date: 2026-11-24 09:18:29.776526

"""
import sqlalchemy as sa
from alembic import op

import app.models_base  # noqa: F401  (custom column types used by autogenerate)

# revision identifiers, used by Alembic.
revision = 'd1appeals0000'
down_revision = 'c3workdays000'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('appeal_sequence',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_appeal_sequence'))
    )
    op.create_table('appeal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tracking_number', sa.String(length=40), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.Enum('application', 'complaint', 'proposal', 'information_request', name='kind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('settlement_id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=True),
    sa.Column('applicant_name', sa.String(length=200), nullable=False),
    sa.Column('applicant_email', sa.String(length=254), nullable=True),
    sa.Column('applicant_phone', sa.String(length=50), nullable=True),
    sa.Column('applicant_address', sa.String(length=500), nullable=True),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('allow_publish', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('received', 'registered', 'in_review', 'answered', 'rejected', 'forwarded', 'withdrawn', name='appealstatus', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('received_dt', app.models_base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('rule_limit', sa.Integer(), nullable=False),
    sa.Column('rule_unit', sa.Enum('days', 'months', name='unit', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('rule_counting', sa.Enum('calendar', 'working', name='counting', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('closed_dt', app.models_base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('answer_text', sa.Text(), nullable=True),
    sa.Column('rating_content', sa.Integer(), nullable=True),
    sa.Column('rating_timeliness', sa.Integer(), nullable=True),
    sa.Column('rated_dt', app.models_base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['institution_id'], ['institution.id'], name=op.f('fk_appeal_institution_id_institution')),
    sa.ForeignKeyConstraint(['settlement_id'], ['settlement.id'], name=op.f('fk_appeal_settlement_id_settlement')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appeal')),
    sa.UniqueConstraint('tracking_number', name=op.f('uq_appeal_tracking_number'))
    )
    with op.batch_alter_table('appeal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appeal_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_appeal_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_appeal_settlement_id'), ['settlement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_appeal_status'), ['status'], unique=False)

    op.create_table('appeal_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appeal_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('photo', 'pdf', name='attachmentkind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('file_name', sa.String(length=100), nullable=False),
    sa.Column('thumb_name', sa.String(length=100), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['appeal_id'], ['appeal.id'], name=op.f('fk_appeal_attachment_appeal_id_appeal')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appeal_attachment'))
    )
    with op.batch_alter_table('appeal_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appeal_attachment_appeal_id'), ['appeal_id'], unique=False)

    op.create_table('appeal_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appeal_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('received', 'registered', 'in_review', 'answered', 'rejected', 'forwarded', 'withdrawn', name='appealstatus', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('created_dt', app.models_base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_appeal_event_actor_id_user')),
    sa.ForeignKeyConstraint(['appeal_id'], ['appeal.id'], name=op.f('fk_appeal_event_appeal_id_appeal')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appeal_event'))
    )
    with op.batch_alter_table('appeal_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appeal_event_appeal_id'), ['appeal_id'], unique=False)



def downgrade():
    with op.batch_alter_table('appeal_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appeal_event_appeal_id'))

    op.drop_table('appeal_event')
    with op.batch_alter_table('appeal_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appeal_attachment_appeal_id'))

    op.drop_table('appeal_attachment')
    with op.batch_alter_table('appeal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appeal_status'))
        batch_op.drop_index(batch_op.f('ix_appeal_settlement_id'))
        batch_op.drop_index(batch_op.f('ix_appeal_institution_id'))
        batch_op.drop_index(batch_op.f('ix_appeal_due_date'))

    op.drop_table('appeal')
    op.drop_table('appeal_sequence')
