"""outbox: a channel per message (e-mail, SMS), the HTML alternative, language, extra headers and a reference

Revision ID: f1outbox0001
Revises: e9dashboard0
Create Date: 2026-12-01 19:40:00

Issue 13: the worker delivers the outbox by channel; failed messages are listed for admins (index on failed_dt).
"""
import sqlalchemy as sa
from alembic import op

import app.models_base  # noqa: F401  (custom column types used by autogenerate)

# revision identifiers, used by Alembic.
revision = 'f1outbox0001'
down_revision = 'e9dashboard0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=16), server_default='email', nullable=False))
        batch_op.add_column(sa.Column('body_html', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('headers', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('reference', sa.String(length=80), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_message_failed_dt'), ['failed_dt'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_message_reference'), ['reference'], unique=False)


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_message_reference'))
        batch_op.drop_index(batch_op.f('ix_outbox_message_failed_dt'))
        batch_op.drop_column('reference')
        batch_op.drop_column('headers')
        batch_op.drop_column('language')
        batch_op.drop_column('body_html')
        batch_op.drop_column('channel')
