"""audit log: keyed chain from a marked entry on, and the table of published checkpoints

Revision ID: f2auditkey00
Revises: f1sessions00
Create Date: 2026-12-01 20:30:00

Entries already written keep their plain SHA-256 links: the append-only triggers forbid rewriting them, and they need
not be rewritten. This migration appends one entry, action "audit.chain_keyed", linked to the last of them and hashed
with the HMAC key (AUDIT_KEY, from the environment or instance/audit_key); every later entry is an HMAC too. Since the
marker is keyed, a rewrite of the older entries breaks the marker's link, and a chain without the marker is refused.
The hash computation is copied here as it was when the marker was written (app/audit/chain.py may evolve).
"""
import hashlib
import hmac
import json
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op
from flask import current_app

import app.models_base  # noqa: F401  (custom column types)

revision = 'f2auditkey00'
down_revision = 'f1sessions00'
branch_labels = None
depends_on = None

GENESIS = "0" * 64
MARKER = "audit.chain_keyed"


def _hmac(key, prev_hash, created_dt, actor_label, action, details):
    payload = json.dumps([prev_hash, created_dt.isoformat(), None, actor_label, action, None, None, details, None],
                         ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hmac.new(key.encode("utf-8"), payload, hashlib.sha256).hexdigest()


def upgrade():
    op.create_table('audit_checkpoint',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_dt', app.models_base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('entry_hash', sa.String(length=64), nullable=False),
    sa.Column('entry_dt', app.models_base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_checkpoint'))
    )
    entry = sa.table('audit_entry', sa.column('id', sa.Integer), sa.column('created_dt', app.models_base.UTCDateTime()),
                     sa.column('actor_id', sa.Integer), sa.column('actor_label', sa.String),
                     sa.column('action', sa.String), sa.column('target_type', sa.String),
                     sa.column('target_id', sa.Integer), sa.column('details', sa.Text), sa.column('ip', sa.String),
                     sa.column('prev_hash', sa.String), sa.column('entry_hash', sa.String))
    bind = op.get_bind()
    prev = bind.execute(sa.select(entry.c.entry_hash).order_by(entry.c.id.desc()).limit(1)).scalar() or GENESIS
    created = datetime.now(timezone.utc).replace(microsecond=0)
    details = json.dumps({"from": "this entry on, links are HMAC-SHA256 with AUDIT_KEY"}, sort_keys=True)
    bind.execute(entry.insert().values(
        created_dt=created, actor_id=None, actor_label="system", action=MARKER, target_type=None, target_id=None,
        details=details, ip=None, prev_hash=prev,
        entry_hash=_hmac(current_app.config["AUDIT_KEY"], prev, created, "system", MARKER, details)))


def downgrade():
    # The marker stays: the audit log is append-only. Older code verifies only plain SHA-256 links and will report
    # the marker as rewritten; that is the honest answer for a downgraded chain.
    op.drop_table('audit_checkpoint')
