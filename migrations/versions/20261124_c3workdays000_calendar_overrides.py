"""non-working-day overrides (extra holidays and moved working days)

Revision ID: c3workdays000
Revises: c2audit00000
Create Date: 2026-11-24 08:25:00

"""
import sqlalchemy as sa
from alembic import op

import app.models_base  # noqa: F401  (custom column types used by autogenerate)

# revision identifiers, used by Alembic.
revision = 'c3workdays000'
down_revision = 'c2audit00000'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_override',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.Enum('holiday', 'workday', name='overridekind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('note_hy', sa.String(length=300), nullable=False),
    sa.Column('note_en', sa.String(length=300), nullable=True),
    sa.Column('note_ru', sa.String(length=300), nullable=True),
    sa.Column('created_dt', app.models_base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_override')),
    sa.UniqueConstraint('day', name=op.f('uq_calendar_override_day'))
    )


def downgrade():
    op.drop_table('calendar_override')
