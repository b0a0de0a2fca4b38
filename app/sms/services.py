"""Writes of text messages: queueing one in the outbox (channel "sms") in the caller's transaction."""

from flask import current_app

from app.outbox.models import OutboxMessage
from app.outbox.services import queue_message
from app.sms.encoding import fit_message


def queue_sms(to_e164: str, text, *, about="", reference=None) -> OutboxMessage:
    """Queue a text to an E.164 number, cut to SMS_MAX_PARTS parts; the worker delivers it after the commit.

    `about` is a short description kept in the subject column (never sent: a gateway sends the text alone), so a
    screen can list the message without showing its text, which may hold a code; `reference` as for e-mail.
    """
    return queue_message("sms", to_e164, str(about), fit_message(str(text), current_app.config["SMS_MAX_PARTS"]),
                         reference=reference)
