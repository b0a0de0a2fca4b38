"""Subscriptions of residents by email. Personal data: never public, never exported, deleted on unsubscribe."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
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


class StatusNotice(db.Model):
    """A postponement or cancellation whose followers are to be told: written in the editor's transaction, turned
    into e-mails by the worker (app/subscriptions/tasks.py), so an edit stays fast whatever the number of followers.

    `done_dt` is set in the same transaction that queues the e-mails, by an UPDATE that matches only while it is
    still empty: two workers (or a retry) racing for one notice cannot both queue it, and a run that fails leaves it
    pending for the next sweep.
    """

    __tablename__ = "subscription_notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16))  # postponed or cancelled: what the followers are told
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_dt: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    queued: Mapped[int | None] = mapped_column()  # how many e-mails it queued
