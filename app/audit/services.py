"""Writes to the audit log and the change history; both join the caller's transaction."""

import json
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum

from flask import current_app, has_request_context, request
from sqlalchemy import select

from app.audit import queries
from app.audit.chain import GENESIS, entry_hash
from app.audit.models import AuditCheckpoint, AuditEntry, Version
from app.extensions import db
from app.models_base import utcnow

# Any constant works; it only has to be the same for every writer of the chain.
_CHAIN_LOCK = 0x4861736876


def _lock_chain():
    """Serialise appends so two writers never link to the same previous entry.

    SQLite writers already hold the database write lock (BEGIN IMMEDIATE); PostgreSQL takes a
    transaction-scoped advisory lock.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(db.func.pg_advisory_xact_lock(_CHAIN_LOCK)))


def audit(action, *, actor=None, target=None, details=None, actor_label=None):
    """Append an audit entry for a staff action (login, denial, publication, edit, moderation, export)."""
    _lock_chain()
    last = db.session.scalar(select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1))
    prev = last or GENESIS
    created = utcnow().replace(microsecond=0)
    actor_id = getattr(actor, "id", None)
    label = actor_label or getattr(actor, "email", None) or "system"
    target_type = target.__tablename__ if target is not None else None
    target_id = getattr(target, "id", None)
    details_json = json.dumps(details or {}, ensure_ascii=False, sort_keys=True, default=_plain)
    # The address only of a staff account's own action (a login, an edit): never of a resident or visitor whose
    # appeal, comment or support is audited, nor of a failed login on an address that names no account.
    ip = request.remote_addr if has_request_context() and actor_id is not None else None
    entry = AuditEntry(
        created_dt=created, actor_id=actor_id, actor_label=label, action=action, target_type=target_type,
        target_id=target_id, details=details_json, ip=ip, prev_hash=prev,
        entry_hash=entry_hash(prev, created, actor_id, label, action, target_type, target_id, details_json, ip,
                              key=current_app.config["AUDIT_KEY"]),
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def _plain(value):
    """A stable text form of a stored value, for history and the audit log."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "id"):
        return value.id
    return str(value)


def to_text(value):
    if value is None or value == "":
        return None
    if isinstance(value, (list, tuple, set)):
        return ", ".join(sorted(str(_plain(v)) for v in value))
    return value if isinstance(value, str) else str(_plain(value))


def snapshot(obj, fields):
    """The current values of the given fields, as text, to compare after an edit."""
    return {field: to_text(getattr(obj, field)) for field in fields}


def record_changes(entity_type, entity_id, before, after, *, actor=None, institution_id=None):
    """Keep one version row per changed field; return the fields that changed."""
    changed = [f for f in after if before.get(f) != after[f]]
    now = utcnow()
    for field in changed:
        db.session.add(Version(
            created_dt=now, actor_id=getattr(actor, "id", None), actor_institution_id=institution_id,
            entity_type=entity_type, entity_id=entity_id, field=field,
            old_value=before.get(field), new_value=after[field],
        ))
    return changed


def make_checkpoint() -> "AuditCheckpoint | None":
    """Record the head of the chain (its position, id and hash) for publication, once per day; commit."""
    head = queries.chain_head()
    if head is None:
        return None
    latest = queries.latest_checkpoint()
    if latest is not None and latest.sequence == head.sequence:
        return latest  # nothing was appended since: the published head still holds
    checkpoint = AuditCheckpoint(sequence=head.sequence, entry_id=head.entry_id, entry_hash=head.entry_hash,
                                 entry_dt=head.created_dt)
    db.session.add(checkpoint)
    db.session.commit()
    return checkpoint
