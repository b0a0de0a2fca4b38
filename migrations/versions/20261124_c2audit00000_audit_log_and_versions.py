"""append-only audit log and public change history

Revision ID: c2audit00000
Revises: c1accounts00
Create Date: 2026-11-24 08:20:00

"""
from alembic import op
import sqlalchemy as sa

import app.models_base  # noqa: F401  (custom column types used by autogenerate)


# revision identifiers, used by Alembic.
revision = 'c2audit00000'
down_revision = 'c1accounts00'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
