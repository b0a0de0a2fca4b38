"""address allowances: addresses (a help desk, a community centre) whose residents' limits are higher

Revision ID: f5allowance0
Revises: f4subnotice0
Create Date: 2026-12-01 23:50:00
"""
import sqlalchemy as sa
from alembic import op

import app.models_base  # noqa: F401  (custom column types)

revision = 'f5allowance0'
down_revision = 'f4subnotice0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('address_allowance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network', sa.String(length=64), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('factor', sa.Integer(), nullable=False),
    sa.Column('created_dt', app.models_base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_address_allowance')),
    sa.UniqueConstraint('network', name=op.f('uq_address_allowance_network'))
    )


def downgrade():
    op.drop_table('address_allowance')
