"""appeal lifecycle, assignment and publication

Revision ID: e1shared0000
Revises: d1appeals0000
Create Date: 2026-11-26 21:05:18.556408

"""
import sqlalchemy as sa
from alembic import op

import app.models_base  # noqa: F401  (custom column types used by autogenerate)

# revision identifiers, used by Alembic.
revision = 'e1shared0000'
down_revision = 'd1appeals0000'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('appeal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.Enum('online', 'paper', 'phone', 'open311', name='appealchannel', native_enum=False, create_constraint=True, length=24), nullable=False, server_default='online'))
        batch_op.add_column(sa.Column('assignee_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('registered_dt', app.models_base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('first_action_dt', app.models_base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('extended_dt', app.models_base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('original_due_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('extension_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('forwarded_to', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('status_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('publication', sa.Enum('not_allowed', 'pending', 'published', 'refused', name='publication', native_enum=False, create_constraint=True, length=24), nullable=False, server_default='not_allowed'))
        batch_op.add_column(sa.Column('public_subject', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('public_text', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('public_answer', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('published_dt', app.models_base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('support_count', sa.Integer(), nullable=False, server_default='0'))
        batch_op.create_index(batch_op.f('ix_appeal_assignee_id'), ['assignee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_appeal_publication'), ['publication'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_appeal_assignee_id_user'), 'user', ['assignee_id'], ['id'])


def downgrade():
    with op.batch_alter_table('appeal', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_appeal_assignee_id_user'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_appeal_publication'))
        batch_op.drop_index(batch_op.f('ix_appeal_assignee_id'))
        batch_op.drop_column('support_count')
        batch_op.drop_column('published_dt')
        batch_op.drop_column('public_answer')
        batch_op.drop_column('public_text')
        batch_op.drop_column('public_subject')
        batch_op.drop_column('publication')
        batch_op.drop_column('status_reason')
        batch_op.drop_column('forwarded_to')
        batch_op.drop_column('extension_reason')
        batch_op.drop_column('original_due_date')
        batch_op.drop_column('extended_dt')
        batch_op.drop_column('first_action_dt')
        batch_op.drop_column('registered_dt')
        batch_op.drop_column('assignee_id')
        batch_op.drop_column('channel')
