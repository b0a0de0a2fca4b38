"""Writes to the outbox."""

from app.extensions import db
from app.outbox.models import OutboxMessage


def queue_email(to, subject, body) -> OutboxMessage:
    """Add an email to the outbox in the caller's transaction (no commit: it is sent only if the caller commits)."""
    message = OutboxMessage(to_address=to, subject=str(subject), body_text=str(body))
    db.session.add(message)
    return message
