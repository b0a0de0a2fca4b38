"""Append-only tables: the database refuses UPDATE and DELETE on both (triggers in the migration)."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models_base import UTCDateTime, utcnow


class AuditEntry(db.Model):
    """One staff action. Each entry carries the hash of the previous one, so a silent rewrite breaks the chain."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    actor_label: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60), index=True)
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[int | None]
    details: Mapped[str] = mapped_column(Text, default="{}")
    ip: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)


class Version(db.Model):
    """One changed field of a published item: who, when, old and new value. Shown publicly on the item."""

    __tablename__ = "version"
    __table_args__ = (Index("ix_version_entity", "entity_type", "entity_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # The body that made the change, shown publicly ("by the Culture House"); None means the municipality.
    actor_institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int]
    field: Mapped[str] = mapped_column(String(60))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)


class AuditCheckpoint(db.Model):
    """The head of the audit chain on a day: published at /open-data/audit-checkpoint.json and in an Atom feed, so
    anyone who saved one can later prove that the log was rewritten or its tail cut (`flask audit-verify
    --checkpoint FILE`)."""

    __tablename__ = "audit_checkpoint"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The head entry's position in the chain (1 for the first entry): ids may have gaps, positions do not.
    sequence: Mapped[int]
    entry_id: Mapped[int]
    entry_hash: Mapped[str] = mapped_column(String(64))
    entry_dt: Mapped[datetime] = mapped_column(UTCDateTime)

    def as_json(self):
        return {"sequence": self.sequence, "entry_id": self.entry_id, "hash": self.entry_hash,
                "entry_time": self.entry_dt.isoformat().replace("+00:00", "Z"),
                "published": self.created_dt.isoformat().replace("+00:00", "Z"), "algorithm": "HMAC-SHA256 chain"}
