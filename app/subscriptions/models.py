"""Subscriptions of residents by email. Personal data: never public, never exported, deleted on unsubscribe."""

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models_base import UTCDateTime, utcnow


class Subscription(db.Model):
    """One address following one selection of the schedule.

    The selection is stored as the schedule's own query string (`settlement=gosh`, `institution=...`, `goal=3`, or
    any combination the schedule's filters allow), so "what I follow" is always a schedule page one can open.
    """

    __tablename__ = "subscription"
    __table_args__ = (Index("ix_subscription_email_filters", "email", "filters", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))  # trimmed and lower-cased
    filters: Mapped[str] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(5), default="hy")
    # Random; part of every signed link, changed to void the links already sent.
    nonce: Mapped[str] = mapped_column(String(32))
    weekly: Mapped[bool] = mapped_column(default=True)
    notices: Mapped[bool] = mapped_column(default=True)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_dt: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # What the last digest covered up to; the next one lists what changed since.
    digest_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
