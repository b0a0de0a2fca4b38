"""pending changes: edits of published items of an institution under review wait for approval

Revision ID: f2pending000
Revises: f1retention0
Create Date: 2026-12-01 20:50:00
"""
import sqlalchemy as sa
from alembic import op

import app.models_base

revision = "f2pending000"
down_revision = "f1retention0"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "pending_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_type", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("objective_ids", sa.Text(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_dt", app.models_base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["user.id"], name=op.f("fk_pending_change_actor_id_user"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_change")),
        sa.UniqueConstraint("entity_type", "entity_id", name=op.f("uq_pending_change_entity_type_entity_id")),
    )


def downgrade():
    op.drop_table("pending_change")
