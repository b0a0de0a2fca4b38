"""Writes to the outbox: queueing an email in the sender's transaction, and delivering due messages."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from app.extensions import db
from app.models_base import utcnow
from app.outbox.models import OutboxMessage
from app.outbox.transport import TransportError, build_email
from app.sms.encoding import fit_message


def queue_email(to, subject, body, unsubscribe_url=None) -> OutboxMessage:
    """Add an email to the outbox in the caller's transaction (no commit: it is sent only if the caller commits)."""
    message = OutboxMessage(to_address=to, subject=str(subject), body_text=str(body), unsubscribe_url=unsubscribe_url)
    db.session.add(message)
    return message


def queue_sms(to_e164: str, text) -> OutboxMessage:
    """Add a text message to the outbox in the caller's transaction, cut to SMS_MAX_PARTS parts."""
    message = OutboxMessage(channel="sms", to_address=to_e164, subject="",
                            body_text=fit_message(str(text), current_app.config["SMS_MAX_PARTS"]))
    db.session.add(message)
    return message


@dataclass
class DeliveryReport:
    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    gave_up: list[int] = field(default_factory=list)


def retry_delay(attempts: int, config) -> timedelta:
    """Exponential backoff after the n-th failed attempt: base, base*factor, base*factor², ... capped."""
    minutes = config["MAIL_RETRY_BASE_MINUTES"] * config["MAIL_RETRY_FACTOR"] ** max(0, attempts - 1)
    return timedelta(minutes=min(minutes, config["MAIL_RETRY_MAX_MINUTES"]))


def _due(now: datetime, channel: str = "email"):
    return (OutboxMessage.channel == channel, OutboxMessage.sent_dt.is_(None), OutboxMessage.failed_dt.is_(None),
            or_(OutboxMessage.next_attempt_dt.is_(None), OutboxMessage.next_attempt_dt <= now))


def claim_batch(now: datetime, size: int, lease: timedelta, channel: str = "email") -> list[int]:
    """Take up to `size` due messages, oldest first, for this sender alone; commit the claim.

    The claim moves next_attempt_dt into the future with one UPDATE whose WHERE repeats the "due" test, so when two
    senders race for a row only one UPDATE matches it: PostgreSQL re-checks the WHERE on the row after the other
    transaction commits, and SQLite runs the two writes one after the other (BEGIN IMMEDIATE, see app/database.py).
    A sender that dies mid-batch leaves its rows claimed until the lease ends; then they are due again (a message
    whose sending succeeded but whose result was not recorded may then go out twice; it is never lost).
    """
    candidates = select(OutboxMessage.id).where(*_due(now, channel)).order_by(OutboxMessage.id).limit(size)
    ids = db.session.scalars(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(candidates.scalar_subquery()), *_due(now, channel))
        .values(next_attempt_dt=now + lease)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ).all()
    db.session.commit()
    return sorted(ids)


def _record_sent(message_id: int):
    db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id)
        .values(sent_dt=utcnow(), attempts=OutboxMessage.attempts + 1, last_error=None, next_attempt_dt=None)
        .execution_options(synchronize_session=False))
    db.session.commit()


def _record_failure(message: OutboxMessage, error: str, config, permanent: bool = False) -> bool:
    """Count a failed attempt; schedule the next one, or give up (at once if permanent). True if it gave up."""
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
    return give_up


def deliver_due(transport, now: datetime | None = None, limit: int | None = None,
                channel: str = "email") -> DeliveryReport:
    """Send every due message of `channel` through `transport`, batch by batch.

    `transport` is a context manager with send(id, email) for email, send(id, to, text) for SMS (app/sms/gateways).

    Stops after `limit` messages (None: until nothing is due). Each attempt is recorded in its own transaction, so a
    crash loses at most the record of the message being sent.
    """
    config = current_app.config
    report = DeliveryReport()
    lease = timedelta(minutes=config["MAIL_CLAIM_MINUTES"])
    sender = config["MAIL_FROM"]
    while limit is None or len(report.sent) + len(report.retrying) + len(report.gave_up) < limit:
        size = config["MAIL_BATCH_SIZE"]
        if limit is not None:
            size = min(size, limit - len(report.sent) - len(report.retrying) - len(report.gave_up))
        ids = claim_batch(now or utcnow(), size, lease, channel)
        if not ids:
            break
        messages = db.session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids))
                                      .order_by(OutboxMessage.id)).all()
        try:
            with transport as open_transport:
                for message in messages:
                    try:
                        if channel == "sms":
                            open_transport.send(message.id, message.to_address, message.body_text)
                        else:
                            open_transport.send(message.id, build_email(message, sender))
                    except TransportError as error:
                        _file(report, message, _record_failure(message, str(error), config, error.permanent))
                    else:
                        _record_sent(message.id)
                        report.sent.append(message.id)
        except TransportError as error:  # could not even connect: every message of the batch failed
            done = set(report.sent) | set(report.retrying) | set(report.gave_up)
            for message in messages:
                if message.id not in done:
                    _file(report, message, _record_failure(message, str(error), config))
    return report


def _file(report: DeliveryReport, message: OutboxMessage, gave_up: bool):
    (report.gave_up if gave_up else report.retrying).append(message.id)
