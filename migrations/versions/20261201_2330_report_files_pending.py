"""report files pending: photos and documents added to a published report under review wait for approval

Revision ID: f4filespend0
Revises: f4opsstamp00
Create Date: 2026-12-01 23:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = "f4filespend0"
down_revision = "f4opsstamp00"
branch_labels = None
depends_on = None


def upgrade():
    for table in ("report_photo", "report_document"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("pending", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    for table in ("report_photo", "report_document"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("pending")
