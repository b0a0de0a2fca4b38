"""staff sessions recorded on the server: logout and "log out everywhere" end them wherever the cookie went

Revision ID: f1sessions00
Revises: f1subs00000
Create Date: 2026-12-01 20:10:00

A login's row in staff_session replaces user.session_version: ending a session deletes its row. Logins made before
this migration carry no session token and end at once (their holders log in again).
"""
import sqlalchemy as sa
from alembic import op

import app.models_base  # noqa: F401  (custom column types)

revision = 'f1sessions00'
down_revision = 'f1subs00000'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('staff_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_dt', app.models_base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_staff_session_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_staff_session_token_hash'))
    )
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_session_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_session_created_dt'), ['created_dt'], unique=False)
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('session_version')


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False, server_default='1'))
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_session_created_dt'))
        batch_op.drop_index(batch_op.f('ix_staff_session_user_id'))
    op.drop_table('staff_session')
