"""program items carry a revision, the one stale-edit mechanism of the editors' and the admin's forms

Revision ID: g1progrev000
Revises: f5allowance0
Create Date: 2026-12-01 23:30:00

The development program, its goals, objectives and indicators get the `revision` that actions, reports and
strategic plans already have (app/audit/versions.py): every saved change bumps it, and a form opened at an older
revision is refused. Existing rows start at 1.
"""
import sqlalchemy as sa
from alembic import op

revision = 'g1progrev000'
down_revision = 'f5allowance0'
branch_labels = None
depends_on = None

TABLES = ('development_program', 'goal', 'objective', 'indicator')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('revision')
