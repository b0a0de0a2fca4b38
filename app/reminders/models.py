"""The record of digests sent, so a second run on the same day sends nothing new."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models_base import UTCDateTime, utcnow


class DeadlineDigest(db.Model):
    """One staff member's deadline digest of one local day."""

    __tablename__ = "deadline_digest"
    __table_args__ = (UniqueConstraint("user_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    day: Mapped[date]
    appeal_count: Mapped[int]
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
