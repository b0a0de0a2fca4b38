"""accounts, roles, password reset tokens and the mail outbox

Revision ID: c1accounts00
Revises: b1documents0
Create Date: 2026-11-24 08:20:00

"""
from alembic import op
import sqlalchemy as sa

import app.models_base  # noqa: F401  (custom column types used by autogenerate)


# revision identifiers, used by Alembic.
revision = 'c1accounts00'
down_revision = 'b1documents0'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
