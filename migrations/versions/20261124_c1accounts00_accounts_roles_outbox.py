"""accounts, roles, password reset tokens and the mail outbox

Revision ID: c1accounts00
Revises: b1documents0
Create Date: 2026-11-24 08:20:00

"""
import sqlalchemy as sa
from alembic import op

import app.models_base  # noqa: F401  (custom column types used by autogenerate)

# revision identifiers, used by Alembic.
revision = 'c1accounts00'
down_revision = 'b1documents0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('created_dt', app.models_base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_login_dt', app.models_base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('password_changed_dt', app.models_base.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('email', name=op.f('uq_user_email'))
    )
    op.create_table('role_grant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('admin', 'officer', 'editor', 'viewer', name='role', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=True),
    sa.Column('created_dt', app.models_base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(role = 'editor' AND institution_id IS NOT NULL) OR (role != 'editor' AND institution_id IS NULL)", name=op.f('ck_role_grant_institution_only_for_editor')),
    sa.ForeignKeyConstraint(['institution_id'], ['institution.id'], name=op.f('fk_role_grant_institution_id_institution')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_role_grant_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_grant')),
    sa.UniqueConstraint('user_id', 'role', 'institution_id', name=op.f('uq_role_grant_user_id_role_institution_id'))
    )
    with op.batch_alter_table('role_grant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_grant_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_grant_user_id'), ['user_id'], unique=False)

    op.create_table('password_reset_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_dt', app.models_base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_dt', app.models_base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_dt', app.models_base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_password_reset_token_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_reset_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_password_reset_token_token_hash'))
    )
    with op.batch_alter_table('password_reset_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_reset_token_user_id'), ['user_id'], unique=False)

    op.create_table('outbox_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('to_address', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('created_dt', app.models_base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_dt', app.models_base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('next_attempt_dt', app.models_base.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_message'))
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_message_sent_dt'), ['sent_dt'], unique=False)


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_message_sent_dt'))

    op.drop_table('outbox_message')
    with op.batch_alter_table('password_reset_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_reset_token_user_id'))

    op.drop_table('password_reset_token')
    with op.batch_alter_table('role_grant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_grant_user_id'))
        batch_op.drop_index(batch_op.f('ix_role_grant_institution_id'))

    op.drop_table('role_grant')
    op.drop_table('user')
