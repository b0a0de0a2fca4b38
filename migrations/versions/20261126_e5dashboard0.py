"""dashboard indexes

Revision ID: e5dashboard0
Revises: e4comments00
Create Date: 2026-11-26 21:20:00

The accountability dashboard: the admin's minimum count below which no percentage is shown, and the indexes its
aggregates use (appeals received in a date range, in one settlement; open appeals by due date).
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

import app.models_base  # noqa: F401  (custom column types used by autogenerate)

# revision identifiers, used by Alembic.
revision = 'e5dashboard0'
down_revision = 'e4comments00'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('community', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dashboard_min_count', sa.Integer(), server_default='10', nullable=False))
    with op.batch_alter_table('appeal', schema=None) as batch_op:
        batch_op.create_index('ix_appeal_received_dt', ['received_dt'], unique=False)
        batch_op.create_index('ix_appeal_settlement_received', ['settlement_id', 'received_dt'], unique=False)
        batch_op.create_index('ix_appeal_open_due_date', ['due_date', 'id'], unique=False,
                              sqlite_where=sa.text("status IN ('received', 'registered', 'in_review')"),
                              postgresql_where=sa.text("status IN ('received', 'registered', 'in_review')"))


def downgrade():
    with op.batch_alter_table('appeal', schema=None) as batch_op:
        batch_op.drop_index('ix_appeal_open_due_date')
        batch_op.drop_index('ix_appeal_settlement_received')
        batch_op.drop_index('ix_appeal_received_dt')
    with op.batch_alter_table('community', schema=None) as batch_op:
        batch_op.drop_column('dashboard_min_count')
