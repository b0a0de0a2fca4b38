"""bench: data version and indexes

Revision ID: e8bench00000
Revises: e7exports000
Create Date: 2026-11-26 21:20:00

The data version that caches key on (one row, changed by every write) and indexes for the public filters and
the accountability figures at a million appeals.
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

import app.models_base  # noqa: F401  (custom column types used by autogenerate)

# revision identifiers, used by Alembic.
revision = 'e8bench00000'
down_revision = 'e7exports000'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('data_version',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_version'))
    )
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.create_index('ix_action_published_end', ['published', 'end_date', 'start_date'], unique=False)
        batch_op.create_index('ix_action_published_start', ['published', 'start_date', 'start_time', 'id'],
                              unique=False)

    with op.batch_alter_table('appeal', schema=None) as batch_op:
        batch_op.create_index('ix_appeal_institution_received', ['institution_id', 'received_dt'], unique=False)
        batch_op.create_index('ix_appeal_status_due', ['status', 'due_date'], unique=False)

    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.create_index('ix_report_published_date', ['published', 'report_date'], unique=False)



def downgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_index('ix_report_published_date')

    with op.batch_alter_table('appeal', schema=None) as batch_op:
        batch_op.drop_index('ix_appeal_status_due')
        batch_op.drop_index('ix_appeal_institution_received')

    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_index('ix_action_published_start')
        batch_op.drop_index('ix_action_published_end')

    op.drop_table('data_version')
