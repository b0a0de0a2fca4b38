"""Writes to the outbox: queueing a message in the sender's transaction, delivering due messages, retrying."""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app, has_app_context
from flask_babel import get_locale
from sqlalchemy import or_, select, update

from app.extensions import db
from app.models_base import utcnow
from app.outbox.models import OutboxMessage
from app.outbox.transport import TransportError, channels, transport_for
from app.worker import enqueue

log = logging.getLogger(__name__)

# Set on the session that queued a message; its commit wakes the worker (listeners wired by app.outbox.init_app).
WAKE_KEY = "outbox_wake"


def wake_sender(session):
    """After a commit that queued messages: ask the worker to deliver now (no SQL here: the session is closing).

    A commit that queued more than a batch wakes several senders (up to MAIL_SENDERS), which claim different
    batches and deliver them side by side: the SMTP round trips of one overlap the others'.
    """
    queued = session.info.pop(WAKE_KEY, 0)
    if queued and has_app_context() and "worker" in current_app.extensions:
        config = current_app.config
        senders = max(1, min(config["MAIL_SENDERS"], -(-int(queued) // config["MAIL_BATCH_SIZE"])))
        for _sender in range(senders):
            enqueue("outbox.deliver")


def forget_wake(session):
    session.info.pop(WAKE_KEY, None)


def queue_email(to, subject, body, *, html=None, headers=None, language=None, reference=None) -> OutboxMessage:
    """Add an e-mail to the outbox in the caller's transaction; the worker delivers it once the caller commits.

    `language` defaults to the active locale (callers compose inside force_locale(recipient's language));
    `headers` adds headers of this message alone (List-Unsubscribe and List-Unsubscribe-Post for subscriptions);
    `reference` names what it is about, so a screen can tell its state (see queries.latest_message).
    """
    return queue_message("email", to, subject, body, html=html, headers=headers, language=language,
                         reference=reference)


def queue_message(channel, to, subject, body, *, html=None, headers=None, language=None,
                  reference=None) -> OutboxMessage:
    """Add a message of any registered channel (e-mail, SMS) to the outbox, in the caller's transaction."""
    if language is None:
        language = _active_language()
    message = OutboxMessage(channel=channel, to_address=to, subject=str(subject), body_text=str(body),
                            body_html=str(html) if html is not None else None, headers=headers or None,
                            language=language, reference=reference)
    db.session.add(message)
    db.session.info[WAKE_KEY] = db.session.info.get(WAKE_KEY, 0) + 1
    return message


def _active_language() -> str | None:
    """The locale the caller composes in (force_locale or the request's); None outside both."""
    if not has_app_context():
        return None
    try:
        locale = get_locale()
    except RuntimeError:  # no forced locale and no request to choose one from
        return None
    return locale.language if locale else None


@dataclass
class DeliveryReport:
    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    gave_up: list[int] = field(default_factory=list)

    def __len__(self):
        return len(self.sent) + len(self.retrying) + len(self.gave_up)

    def add(self, other: "DeliveryReport"):
        self.sent += other.sent
        self.retrying += other.retrying
        self.gave_up += other.gave_up


def retry_delay(attempts: int, config) -> timedelta:
    """Exponential backoff after the n-th failed attempt: base, base*factor, base*factor², ... capped."""
    minutes = config["MAIL_RETRY_BASE_MINUTES"] * config["MAIL_RETRY_FACTOR"] ** max(0, attempts - 1)
    return timedelta(minutes=min(minutes, config["MAIL_RETRY_MAX_MINUTES"]))


def _due(now: datetime, channel: str):
    return (OutboxMessage.channel == channel, OutboxMessage.sent_dt.is_(None), OutboxMessage.failed_dt.is_(None),
            or_(OutboxMessage.next_attempt_dt.is_(None), OutboxMessage.next_attempt_dt <= now))


def claim_batch(now: datetime, size: int, lease: timedelta, channel: str = "email") -> list[int]:
    """Take up to `size` due messages of a channel, oldest first, for this sender alone; commit the claim.

    The claim moves next_attempt_dt into the future with one UPDATE ... RETURNING whose WHERE repeats the "due" test,
    so when two senders (on one server or several) race for a row only one UPDATE matches it: PostgreSQL re-checks
    the WHERE on the row after the other transaction commits, and SQLite runs the two writes one after the other
    (BEGIN IMMEDIATE, see app/database.py). On PostgreSQL the candidates are also picked with SKIP LOCKED, so a
    second sender takes the next rows instead of waiting for the first one's.
    A sender that dies mid-batch leaves its rows claimed until the lease ends; then they are due again (a message
    whose sending succeeded but whose result was not recorded may then go out twice; it is never lost).
    """
    candidates = select(OutboxMessage.id).where(*_due(now, channel)).order_by(OutboxMessage.id).limit(size)
    if db.session.get_bind().dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    ids = db.session.scalars(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(candidates.scalar_subquery()), *_due(now, channel))
        .values(next_attempt_dt=now + lease)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ).all()
    db.session.commit()
    return sorted(ids)


def _record_sent(message_ids: list[int]):
    """Mark a batch's delivered messages sent, in one transaction (one commit per batch, not per message)."""
    if not message_ids:
        return
    db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id.in_(message_ids))
        .values(sent_dt=utcnow(), attempts=OutboxMessage.attempts + 1, last_error=None, next_attempt_dt=None)
        .execution_options(synchronize_session=False))
    db.session.commit()


def _record_failure(message: OutboxMessage, error: str, config, permanent: bool = False) -> bool:
    """Count a failed attempt; schedule the next one, or give up (at once when permanent). True if it gave up."""
    now = utcnow()
    attempts = message.attempts + 1
    give_up = permanent or attempts >= config["MAIL_MAX_ATTEMPTS"]
    db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message.id)
        .values(attempts=attempts, last_error=error[:1000],
                next_attempt_dt=None if give_up else now + retry_delay(attempts, config),
                failed_dt=now if give_up else None)
        .execution_options(synchronize_session=False))
    db.session.commit()
    if give_up:
        log.warning("outbox: gave up on message %s (%s): %s", message.id, message.channel, error[:200])
    return give_up


def deliver_due(transport, now: datetime | None = None, limit: int | None = None,
                channel: str = "email") -> DeliveryReport:
    """Send every due message of `channel` through `transport` (a context manager with send(message)), by batches.

    Stops after `limit` messages (None: until nothing is due). The sent messages of a batch are recorded together
    when the batch ends (a failure at once), so a crash loses at most the records of one batch (MAIL_BATCH_SIZE):
    those messages are sent again once their claim expires, never lost.
    """
    config = current_app.config
    report = DeliveryReport()
    lease = timedelta(minutes=config["MAIL_CLAIM_MINUTES"])
    while limit is None or len(report) < limit:
        size = config["MAIL_BATCH_SIZE"] if limit is None else min(config["MAIL_BATCH_SIZE"], limit - len(report))
        ids = claim_batch(now or utcnow(), size, lease, channel)
        if not ids:
            break
        messages = db.session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids))
                                      .order_by(OutboxMessage.id)).all()
        sent = []
        try:
            with transport as open_transport:
                for message in messages:
                    try:
                        open_transport.send(message)
                    except TransportError as error:
                        _file(report, message, _record_failure(message, str(error), config, error.permanent))
                    else:
                        sent.append(message.id)
        except TransportError as error:  # could not even connect: every message of the batch failed
            done = set(sent) | set(report.retrying) | set(report.gave_up)
            for message in messages:
                if message.id not in done:
                    _file(report, message, _record_failure(message, str(error), config, error.permanent))
        finally:
            _record_sent(sent)
            report.sent += sent
    return report


def deliver_all(now: datetime | None = None, limit: int | None = None) -> DeliveryReport:
    """Deliver what is due on every channel, each through its configured transport (what the worker runs)."""
    report = DeliveryReport()
    for channel in channels():
        report.add(deliver_due(transport_for(channel), now=now, limit=limit, channel=channel))
    return report


def _file(report: DeliveryReport, message: OutboxMessage, gave_up: bool):
    (report.gave_up if gave_up else report.retrying).append(message.id)


def retry_message(message: OutboxMessage) -> bool:
    """Put a failed (or waiting) message back in the queue for an attempt now; False if it was already sent."""
    result = db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message.id, OutboxMessage.sent_dt.is_(None))
        .values(failed_dt=None, next_attempt_dt=None, attempts=0)
        .execution_options(synchronize_session=False))
    db.session.info[WAKE_KEY] = 1
    db.session.commit()
    return result.rowcount == 1


def retry_failed() -> int:
    """Put every failed message back in the queue (after the mail settings were fixed); return how many."""
    result = db.session.execute(
        update(OutboxMessage).where(OutboxMessage.failed_dt.is_not(None), OutboxMessage.sent_dt.is_(None))
        .values(failed_dt=None, next_attempt_dt=None, attempts=0)
        .execution_options(synchronize_session=False))
    db.session.info[WAKE_KEY] = result.rowcount
    db.session.commit()
    return result.rowcount

