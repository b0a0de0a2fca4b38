"""subscriptions by email, one-time phone codes for "my appeals" (SMS go through the outbox's "sms" channel)

Revision ID: f1subs00000
Revises: f2pending000
Create Date: 2026-12-01 19:45:00
"""
import sqlalchemy as sa
from alembic import op

import app.models_base

revision = 'f1subs00000'
down_revision = 'f2pending000'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'subscription',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('filters', sa.String(length=300), nullable=False),
        sa.Column('language', sa.String(length=5), nullable=False),
        sa.Column('nonce', sa.String(length=32), nullable=False),
        sa.Column('weekly', sa.Boolean(), nullable=False),
        sa.Column('notices', sa.Boolean(), nullable=False),
        sa.Column('created_dt', app.models_base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('confirmed_dt', app.models_base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('digest_dt', app.models_base.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_subscription')),
    )
    with op.batch_alter_table('subscription', schema=None) as batch_op:
        batch_op.create_index('ix_subscription_email_filters', ['email', 'filters'], unique=True)
        batch_op.create_index(batch_op.f('ix_subscription_confirmed_dt'), ['confirmed_dt'], unique=False)
    op.create_table(
        'resident_phone_code',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('phone', sa.String(length=20), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('created_dt', app.models_base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('expires_dt', app.models_base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('used_dt', app.models_base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('tries', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_resident_phone_code')),
    )
    with op.batch_alter_table('resident_phone_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resident_phone_code_phone'), ['phone'], unique=False)


def downgrade():
    with op.batch_alter_table('resident_phone_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resident_phone_code_phone'))
    op.drop_table('resident_phone_code')
    with op.batch_alter_table('subscription', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subscription_confirmed_dt'))
        batch_op.drop_index('ix_subscription_email_filters')
    op.drop_table('subscription')
