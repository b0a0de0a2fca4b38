"""personal data retention: the community's period, and when an appeal's applicant was anonymised

Revision ID: f1retention0
Revises: f1linktoken0
Create Date: 2026-12-01 20:30:00
"""
import sqlalchemy as sa
from alembic import op

import app.models_base

revision = "f1retention0"
down_revision = "f1linktoken0"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("community", schema=None) as batch_op:
        batch_op.add_column(sa.Column("personal_data_years", sa.Integer(), server_default="5", nullable=False))
    with op.batch_alter_table("appeal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("anonymised_dt", app.models_base.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("appeal", schema=None) as batch_op:
        batch_op.drop_column("anonymised_dt")
    with op.batch_alter_table("community", schema=None) as batch_op:
        batch_op.drop_column("personal_data_years")
