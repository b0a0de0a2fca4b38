"""Reads of the outbox: the admin's list, counts by state, and the latest message about something."""

import os

from sqlalchemy import func, select

from app.extensions import db
from app.outbox.models import OutboxMessage
from app.outbox.transport import channel_is_configured, mail_folder, mail_is_configured
from app.pagination import Page, clamp_page

STATES = ("failed", "queued", "sent")


def _state_filter(state):
    if state == "failed":
        return (OutboxMessage.failed_dt.is_not(None), OutboxMessage.sent_dt.is_(None))
    if state == "queued":
        return (OutboxMessage.failed_dt.is_(None), OutboxMessage.sent_dt.is_(None))
    if state == "sent":
        return (OutboxMessage.sent_dt.is_not(None),)
    return ()


def list_messages(page: int, per_page: int, state: str | None = None) -> Page:
    """The outbox, newest first; only the messages in `state` (failed, queued, sent) when given."""
    where = _state_filter(state)
    total = db.session.scalar(select(func.count()).select_from(OutboxMessage).where(*where))
    page = clamp_page(page, total, per_page)
    items = db.session.scalars(
        select(OutboxMessage).where(*where)
        .order_by(OutboxMessage.created_dt.desc(), OutboxMessage.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return Page(list(items), page, per_page, total)


def count_by_state() -> dict[str, int]:
    """How many messages are failed, queued and sent."""
    return {state: db.session.scalar(select(func.count()).select_from(OutboxMessage).where(*_state_filter(state)))
            for state in STATES}


def get_message_or_404(message_id: int) -> OutboxMessage:
    return db.get_or_404(OutboxMessage, message_id)


def get_message(message_id) -> OutboxMessage | None:
    """The message with this id, or None (also for an id that is not a number)."""
    return db.session.get(OutboxMessage, message_id) if isinstance(message_id, int) else None


def latest_message(reference: str) -> OutboxMessage | None:
    """The newest message queued about `reference` (e.g. "password-link:12")."""
    return db.session.scalar(select(OutboxMessage).where(OutboxMessage.reference == reference)
                             .order_by(OutboxMessage.id.desc()).limit(1))


def messages_about(references: list[str]) -> list[OutboxMessage]:
    """Every message queued about any of `references`, oldest first (a screen lists them with their states)."""
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.reference.in_(references))
                                   .order_by(OutboxMessage.id)))


def delivery_state(message: OutboxMessage) -> str:
    """What a screen says of a message: queued, retrying (an attempt failed, another is due), sent, failed, or saved
    (written to a file because this channel is not set up to leave the machine: not sent)."""
    if message.sent_dt is not None:
        return "sent" if channel_is_configured(message.channel) else "saved"
    if message.failed_dt is not None:
        return "failed"
    return "retrying" if message.attempts else "queued"


def file_of(message: OutboxMessage) -> str | None:
    """Where the file transport wrote (or will write) this e-mail, when mail is not sent for real."""
    if mail_is_configured() or message.channel != "email":
        return None
    return os.path.join(mail_folder(), f"{message.id}.eml")
