"""appeals: single-use tokens for e-mailed tracking links

Revision ID: f1linktoken0
Revises: f1outbox0001
Create Date: 2026-12-01 19:40:00

An e-mailed link carries a token that is exchanged once for a tracking session (issue 14), so neither the access code
nor a still-valid token ends up in access logs or browser history.
"""
import sqlalchemy as sa
from alembic import op

import app.models_base  # noqa: F401  (custom column types used by autogenerate)

revision = 'f1linktoken0'
down_revision = 'f1outbox0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('appeal_link_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appeal_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_dt', app.models_base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_dt', app.models_base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_dt', app.models_base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['appeal_id'], ['appeal.id'], name=op.f('fk_appeal_link_token_appeal_id_appeal')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appeal_link_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_appeal_link_token_token_hash'))
    )
    with op.batch_alter_table('appeal_link_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appeal_link_token_appeal_id'), ['appeal_id'], unique=False)


def downgrade():
    with op.batch_alter_table('appeal_link_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appeal_link_token_appeal_id'))
    op.drop_table('appeal_link_token')
