"""subscription notices: postponements and cancellations waiting for the worker to tell their followers

Revision ID: f4subnotice0
Revises: f4filespend0
Create Date: 2026-12-01 23:45:00
"""
import sqlalchemy as sa
from alembic import op

import app.models_base

revision = "f4subnotice0"
down_revision = "f4filespend0"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "subscription_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_dt", app.models_base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("done_dt", app.models_base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("queued", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["action_id"], ["action.id"], name=op.f("fk_subscription_notice_action_id_action"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscription_notice")),
    )
    with op.batch_alter_table("subscription_notice") as batch_op:
        batch_op.create_index(batch_op.f("ix_subscription_notice_action_id"), ["action_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_subscription_notice_done_dt"), ["done_dt"], unique=False)


def downgrade():
    with op.batch_alter_table("subscription_notice") as batch_op:
        batch_op.drop_index(batch_op.f("ix_subscription_notice_done_dt"))
        batch_op.drop_index(batch_op.f("ix_subscription_notice_action_id"))
    op.drop_table("subscription_notice")
