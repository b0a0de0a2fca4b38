"""append-only audit log and public change history; review and revision columns

Revision ID: c2audit00000
Revises: c1accounts00
Create Date: 2026-11-24 08:20:00

"""
import sqlalchemy as sa
from alembic import op

import app.models_base  # noqa: F401  (custom column types used by autogenerate)

# revision identifiers, used by Alembic.
revision = 'c2audit00000'
down_revision = 'c1accounts00'
branch_labels = None
depends_on = None

APPEND_ONLY = ("audit_entry", "version")


def upgrade():
    op.create_table(
        'audit_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_dt', app.models_base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('actor_label', sa.String(length=200), nullable=False),
        sa.Column('action', sa.String(length=60), nullable=False),
        sa.Column('target_type', sa.String(length=40), nullable=True),
        sa.Column('target_id', sa.Integer(), nullable=True),
        sa.Column('details', sa.Text(), nullable=False),
        sa.Column('ip', sa.String(length=64), nullable=True),
        sa.Column('prev_hash', sa.String(length=64), nullable=False),
        sa.Column('entry_hash', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_audit_entry_actor_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry')),
        sa.UniqueConstraint('entry_hash', name=op.f('uq_audit_entry_entry_hash')),
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_actor_id'), ['actor_id'], unique=False)

    op.create_table(
        'version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_dt', app.models_base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('actor_institution_id', sa.Integer(), nullable=True),
        sa.Column('entity_type', sa.String(length=40), nullable=False),
        sa.Column('entity_id', sa.Integer(), nullable=False),
        sa.Column('field', sa.String(length=60), nullable=False),
        sa.Column('old_value', sa.Text(), nullable=True),
        sa.Column('new_value', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_version_actor_id_user')),
        sa.ForeignKeyConstraint(['actor_institution_id'], ['institution.id'],
                                name=op.f('fk_version_actor_institution_id_institution')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_version')),
    )
    with op.batch_alter_table('version', schema=None) as batch_op:
        batch_op.create_index('ix_version_entity', ['entity_type', 'entity_id', 'id'], unique=False)

    # Plain ADD COLUMN (SQLite supports it with a constant default): existing rows keep their data and the
    # referenced tables are not rebuilt.
    op.add_column('action', sa.Column('published', sa.Boolean(), nullable=False, server_default=sa.true()))
    op.add_column('action', sa.Column('revision', sa.Integer(), nullable=False, server_default='1'))
    op.create_index(op.f('ix_action_published'), 'action', ['published'], unique=False)
    op.add_column('report', sa.Column('published', sa.Boolean(), nullable=False, server_default=sa.true()))
    op.add_column('report', sa.Column('revision', sa.Integer(), nullable=False, server_default='1'))
    op.add_column('institution', sa.Column('requires_review', sa.Boolean(), nullable=False,
                                           server_default=sa.false()))
    op.add_column('strategic_plan', sa.Column('revision', sa.Integer(), nullable=False, server_default='1'))

    _append_only_triggers()


def _append_only_triggers():
    """The database itself refuses UPDATE and DELETE on the audit log and the change history."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
            CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
            END $$
        """)
        for table in APPEND_ONLY:
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       f"FOR EACH ROW EXECUTE FUNCTION refuse_change()")
            op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                       f"FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()")
    else:
        for table in APPEND_ONLY:
            for verb in ("UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                           f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS refuse_change()")
    with op.batch_alter_table('strategic_plan', schema=None) as batch_op:
        batch_op.drop_column('revision')
    with op.batch_alter_table('institution', schema=None) as batch_op:
        batch_op.drop_column('requires_review')
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_column('revision')
        batch_op.drop_column('published')
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_published'))
        batch_op.drop_column('revision')
        batch_op.drop_column('published')
    op.drop_table('version')
    op.drop_table('audit_entry')
