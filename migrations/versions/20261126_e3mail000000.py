"""mail transport and residents

Revision ID: e3mail000000
Revises: e2inbox00000
Create Date: 2026-11-26 21:20:00

Residents' e-mail sign-in tokens, the officers' daily deadline digests, each user's mail language and the time an
outbox message finally failed.
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

import app.models_base  # noqa: F401  (custom column types used by autogenerate)

# revision identifiers, used by Alembic.
revision = 'e3mail000000'
down_revision = 'e2inbox00000'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('resident_sign_in_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_dt', app.models_base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_dt', app.models_base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_dt', app.models_base.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resident_sign_in_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_resident_sign_in_token_token_hash'))
    )
    with op.batch_alter_table('resident_sign_in_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resident_sign_in_token_email'), ['email'], unique=False)

    op.create_table('deadline_digest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('appeal_count', sa.Integer(), nullable=False),
    sa.Column('created_dt', app.models_base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_deadline_digest_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline_digest')),
    sa.UniqueConstraint('user_id', 'day', name=op.f('uq_deadline_digest_user_id_day'))
    )
    with op.batch_alter_table('deadline_digest', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deadline_digest_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=5), server_default='hy', nullable=False))
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_dt', app.models_base.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('language')

    with op.batch_alter_table('deadline_digest', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deadline_digest_user_id'))

    op.drop_table('deadline_digest')
    with op.batch_alter_table('resident_sign_in_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resident_sign_in_token_email'))

    op.drop_table('resident_sign_in_token')

    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('failed_dt')
