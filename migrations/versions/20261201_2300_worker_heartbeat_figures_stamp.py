"""worker heartbeat (for /readyz and /metrics) and the stamp of the code that computed the dashboard's figures

Revision ID: f4opsstamp00
Revises: f3throttle00
Create Date: 2026-12-01 23:00:00

The stamp row starts empty: the first worker run after this upgrade finds it stale and rebuilds the figures once.
"""
import sqlalchemy as sa
from alembic import op

import app.models_base  # noqa: F401  (custom column types)

revision = 'f4opsstamp00'
down_revision = 'f3throttle00'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('worker_heartbeat',
    sa.Column('worker', sa.String(length=200), nullable=False),
    sa.Column('beat_dt', app.models_base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('worker', name=op.f('pk_worker_heartbeat'))
    )
    stamp = op.create_table('dashboard_stamp',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('version', sa.String(length=64), nullable=False),
    sa.Column('rebuilt_dt', app.models_base.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dashboard_stamp'))
    )
    op.bulk_insert(stamp, [{'id': 1, 'version': ''}])


def downgrade():
    op.drop_table('dashboard_stamp')
    op.drop_table('worker_heartbeat')
