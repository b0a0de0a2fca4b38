"""proposals support and comments

Revision ID: e4comments00
Revises: e3mail000000
Create Date: 2026-11-26 21:20:00

A placeholder kept empty until the work it is named for fills it, so parallel work keeps one migration head.
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

import app.models_base  # noqa: F401  (custom column types used by autogenerate)


# revision identifiers, used by Alembic.
revision = 'e4comments00'
down_revision = 'e3mail000000'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
