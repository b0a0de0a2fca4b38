"""login throttle counters in the database, shared by every worker when no Redis is configured

Revision ID: f3throttle00
Revises: f2auditkey00
Create Date: 2026-12-01 20:45:00
"""
import sqlalchemy as sa
from alembic import op

import app.models_base  # noqa: F401  (custom column types)

revision = 'f3throttle00'
down_revision = 'f2auditkey00'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_throttle',
    sa.Column('key', sa.String(length=400), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('expires_dt', app.models_base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_login_throttle'))
    )
    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_throttle_expires_dt'), ['expires_dt'], unique=False)


def downgrade():
    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_throttle_expires_dt'))
    op.drop_table('login_throttle')
