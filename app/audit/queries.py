"""Reads of the change history and checks of the audit chain."""

from dataclasses import dataclass

from sqlalchemy import and_, func, select

from app.audit.models import AuditEntry, Version
from app.audit.services import GENESIS, entry_hash
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


def verify_chain(batch=5000) -> ChainCheck:
    """Recompute every hash in order; report the first entry that does not match its stored hash or link."""
    prev, checked, last_id = GENESIS, 0, 0
    while True:
        rows = db.session.scalars(
            select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id).limit(batch)
        ).all()
        if not rows:
            return ChainCheck(checked, None, None)
        for e in rows:
            if e.prev_hash != prev:
                return ChainCheck(checked, e.id, "link to the previous entry does not match")
            expected = entry_hash(e.prev_hash, e.created_dt, e.actor_id, e.actor_label, e.action, e.target_type,
                                  e.target_id, e.details, e.ip)
            if expected != e.entry_hash:
                return ChainCheck(checked, e.id, "content does not match its hash")
            prev, checked, last_id = e.entry_hash, checked + 1, e.id
        db.session.expunge_all()
