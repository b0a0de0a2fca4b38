"""Outgoing messages: written to a table in the sender's transaction, delivered by the worker through a transport."""

from flask import Blueprint
from sqlalchemy import event

from app.database import AppSession
from app.outbox.services import forget_wake, wake_sender

bp = Blueprint("outbox", __name__)


def init_app(app):
    """Wake the worker's sender when a transaction that queued a message commits (and forget it on rollback)."""
    if not event.contains(AppSession, "after_commit", wake_sender):
        event.listen(AppSession, "after_commit", wake_sender)
        event.listen(AppSession, "after_rollback", forget_wake)
