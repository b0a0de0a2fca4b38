"""The mail outbox."""

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models_base import UTCDateTime, utcnow


class OutboxMessage(db.Model):
    """One email waiting to be sent (sent_dt empty) or already sent.

    Rows are written in the same transaction as the change that causes them, so a rolled-back change sends
    nothing and a committed one is never lost. The transport (added with the appeals) picks unsent rows whose
    next_attempt_dt has passed and records each attempt.
    """

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "email", or "sms" (to_address is then an E.164 number and the subject is empty).
    channel: Mapped[str] = mapped_column(String(10), default="email", server_default="email")
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_dt: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Subscription mail: the signed one-click unsubscribe URL (RFC 8058 List-Unsubscribe), else empty.
    unsubscribe_url: Mapped[str | None] = mapped_column(String(500))
    # Set when delivery was given up after MAIL_MAX_ATTEMPTS attempts; the row stays, visible as failed.
    failed_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def state(self) -> str:
        """sent, failed or pending."""
        if self.sent_dt is not None:
            return "sent"
        return "failed" if self.failed_dt is not None else "pending"
