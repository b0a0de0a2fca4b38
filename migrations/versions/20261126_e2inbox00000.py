"""officers inbox and answer templates

Revision ID: e2inbox00000
Revises: e1shared0000
Create Date: 2026-11-26 21:20:00

The admin's per-kind deadline rules (a kind without a row falls back to deadlines.DEFAULT_RULES in code, so no
rows are inserted here) and the officers' reusable answer templates.
"""
import sqlalchemy as sa
from alembic import op

import app.models_base  # noqa: F401  (custom column types used by autogenerate)

# revision identifiers, used by Alembic.
revision = 'e2inbox00000'
down_revision = 'e1shared0000'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('answer_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_dt', app.models_base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_template'))
    )
    op.create_table('deadline_rule',
    sa.Column('kind', sa.Enum('application', 'complaint', 'proposal', 'information_request', name='kind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('limit', sa.Integer(), nullable=False),
    sa.Column('unit', sa.Enum('days', 'months', name='unit', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('counting', sa.Enum('calendar', 'working', name='counting', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('updated_dt', app.models_base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('kind', name=op.f('pk_deadline_rule'))
    )


def downgrade():
    op.drop_table('deadline_rule')
    op.drop_table('answer_template')
