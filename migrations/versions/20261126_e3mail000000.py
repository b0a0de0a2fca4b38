"""mail transport and residents

Revision ID: e3mail000000
Revises: e2inbox00000
Create Date: 2026-11-26 21:20:00

A placeholder kept empty until the work it is named for fills it, so parallel work keeps one migration head.
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

import app.models_base  # noqa: F401  (custom column types used by autogenerate)


# revision identifiers, used by Alembic.
revision = 'e3mail000000'
down_revision = 'e2inbox00000'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_dt', app.models_base.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('failed_dt')
