"""The outbox: every message the system sends (e-mail, and other channels such as SMS), in one table."""

from datetime import datetime

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models_base import UTCDateTime, utcnow


class OutboxMessage(db.Model):
    """One message waiting to be sent (queued), sent, or given up on (failed).

    Rows are written in the same transaction as the change that causes them, so a rolled-back change sends nothing
    and a committed one is never lost; the commit wakes the worker (app/outbox/tasks.py), whose sender claims due
    rows and hands each to the transport of its channel (app/outbox/transport.py) and records every attempt.
    """

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "email", or another channel whose transport is registered (see app.outbox.transport.register_channel).
    channel: Mapped[str] = mapped_column(String(16), default="email", server_default="email")
    to_address: Mapped[str] = mapped_column(String(254))
    # What the message is about, for screens that tell its state: "password-link:<user id>",
    # "appeal-receipt:<tracking number>", ... (set by the caller; None for messages nobody looks up).
    reference: Mapped[str | None] = mapped_column(String(80), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    # The HTML alternative of an e-mail (made from the text when the sender gives none).
    body_html: Mapped[str | None] = mapped_column(Text)
    # The recipient's language (hy, en, ru): the e-mail's Content-Language and the HTML's lang.
    language: Mapped[str | None] = mapped_column(String(8))
    # Extra headers of this message only, e.g. List-Unsubscribe and List-Unsubscribe-Post on subscription mail.
    headers: Mapped[dict | None] = mapped_column(JSON)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_dt: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when delivery was given up: a permanent refusal (SMTP 5xx) or MAIL_MAX_ATTEMPTS temporary failures.
    failed_dt: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    @property
    def state(self) -> str:
        """sent, failed or queued."""
        if self.sent_dt is not None:
            return "sent"
        return "failed" if self.failed_dt is not None else "queued"
