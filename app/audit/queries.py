"""Reads of the change history and checks of the audit chain."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select

from app.audit.chain import GENESIS, KEYED_MARKER, entry_hash
from app.audit.models import AuditCheckpoint, AuditEntry, Version
from app.extensions import db


def history(*items) -> list[tuple[Version, object]]:
    """The changes of the given (entity_type, entity_id) items, newest first, each with the institution that made it."""
    from sqlalchemy import or_

    from app.institutions.models import Institution

    if not items:
        return []
    matches = [and_(Version.entity_type == kind, Version.entity_id == ident) for kind, ident in items]
    rows = db.session.execute(
        select(Version, Institution).outerjoin(Institution, Institution.id == Version.actor_institution_id)
        .where(or_(*matches)).order_by(Version.id.desc())
    ).all()
    return [(version, institution) for version, institution in rows]


def latest_version_id(entity_type, entity_id) -> int:
    """The newest recorded change of an item; a form remembers it to detect edits made meanwhile."""
    return db.session.scalar(
        select(func.coalesce(func.max(Version.id), 0))
        .where(Version.entity_type == entity_type, Version.entity_id == entity_id)
    )


def versions_since(entity_type, entity_id, version_id) -> list[Version]:
    """What others changed since a form was opened, to show instead of overwriting it."""
    return list(db.session.scalars(
        select(Version).where(Version.entity_type == entity_type, Version.entity_id == entity_id,
                              Version.id > version_id).order_by(Version.id)
    ))


@dataclass
class ChainCheck:
    checked: int
    broken_id: int | None
    reason: str | None

    @property
    def ok(self):
        return self.broken_id is None


@dataclass
class Checkpoint:
    """A head of the chain someone saved: the entry at `sequence` (1-based position) had this id and hash."""

    sequence: int
    entry_id: int
    entry_hash: str

    @classmethod
    def from_json(cls, data: dict) -> "Checkpoint":
        """Read a saved /open-data/audit-checkpoint.json; ValueError if it is not one."""
        try:
            return cls(int(data["sequence"]), int(data["entry_id"]), str(data["hash"]))
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError("not an audit checkpoint: it needs sequence, entry_id and hash") from error


def verify_chain(key, checkpoint: Checkpoint | None = None, batch=5000) -> ChainCheck:
    """Recompute every link in order; report the first entry that does not match its stored hash or link.

    Entries before the KEYED_MARKER entry are plain SHA-256 (written before the key existed); from the marker on,
    HMACs with `key`. A chain without the marker was rewritten from its start. With a saved `checkpoint`, the entry
    at its position must still carry its hash, and the log must reach that far (a cut tail is caught).
    """
    prev, checked, last_id, keyed = GENESIS, 0, 0, False
    while True:
        rows = db.session.scalars(
            select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id).limit(batch)
        ).all()
        if not rows:
            break
        for e in rows:
            if e.prev_hash != prev:
                return ChainCheck(checked, e.id, "link to the previous entry does not match")
            keyed = keyed or e.action == KEYED_MARKER
            expected = entry_hash(e.prev_hash, e.created_dt, e.actor_id, e.actor_label, e.action, e.target_type,
                                  e.target_id, e.details, e.ip, key=key if keyed else None)
            if expected != e.entry_hash:
                return ChainCheck(checked, e.id, "content does not match its hash")
            prev, checked, last_id = e.entry_hash, checked + 1, e.id
            if checkpoint is not None and checked == checkpoint.sequence and (
                    e.id != checkpoint.entry_id or e.entry_hash != checkpoint.entry_hash):
                return ChainCheck(checked - 1, e.id, "differs from the saved checkpoint: the log was rewritten")
        db.session.expunge_all()
    if checked and not keyed:
        return ChainCheck(checked, last_id, "the keyed part of the chain is missing: the log was rewritten")
    if checkpoint is not None and checked < checkpoint.sequence:
        return ChainCheck(checked, checkpoint.entry_id,
                          f"the log ends at entry {checked} of the saved checkpoint's {checkpoint.sequence}: "
                          "entries were removed")
    return ChainCheck(checked, None, None)


@dataclass
class Head:
    sequence: int
    entry_id: int
    entry_hash: str
    created_dt: datetime


def chain_head() -> Head | None:
    """The last entry of the chain and its position."""
    last = db.session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
    if last is None:
        return None
    count = db.session.scalar(select(func.count()).select_from(AuditEntry))
    return Head(count, last.id, last.entry_hash, last.created_dt)


def latest_checkpoint() -> AuditCheckpoint | None:
    return db.session.scalar(select(AuditCheckpoint).order_by(AuditCheckpoint.id.desc()).limit(1))


def list_checkpoints(limit=60) -> list[AuditCheckpoint]:
    """The most recent published checkpoints, newest first."""
    return list(db.session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.id.desc()).limit(limit)))
