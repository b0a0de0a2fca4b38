"""Reads of appeals: finding one by its number and access code (or an e-mailed link's token), and working out how
its due date came about."""

import hashlib
from dataclasses import replace

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.appeals import codes
from app.appeals.deadlines import DEFAULT_RULES, Deadline, Kind, Rule, calendar_for, local_date, recompute
from app.appeals.models import Appeal, AppealLinkToken, DeadlineRule
from app.community.queries import community_timezone
from app.extensions import db
from app.models_base import utcnow
from app.outbox.models import OutboxMessage
from app.outbox.queries import messages_about
from app.sms.phones import try_normalize_phone
from app.workdays.queries import non_working_days

# The stored form of the long secrets of older appeals (tests and bench data still make such appeals).
hash_secret = codes.hash_legacy_secret


def normalize_number(number: str | None) -> str:
    """A tracking number as typed (any case, stray spaces) in its stored form."""
    return "".join((number or "").split()).upper()[:40]


def get_appeal_by_number(number: str | None) -> Appeal | None:
    if not number:
        return None
    return db.session.scalar(
        select(Appeal).where(Appeal.tracking_number == normalize_number(number))
        .options(selectinload(Appeal.events), selectinload(Appeal.attachments)))


def find_appeal(number: str | None, secret: str | None) -> Appeal | None:
    """The appeal with this tracking number whose code (or older secret) matches, in constant time, else None."""
    if not number or not secret or len(number) > 40 or len(secret) > 100:
        return None
    appeal = get_appeal_by_number(number)
    # Hash and compare even when nothing was found, so a wrong number takes as long as a wrong code.
    if appeal is None:
        codes.matches(secret, normalize_number(number), "0" * 64)
        return None
    return appeal if codes.matches(secret, appeal.tracking_number, appeal.secret_hash) else None


def get_appeal_or_404(number, secret) -> Appeal:
    """The same 404 for a missing number, a wrong number and a wrong secret."""
    appeal = find_appeal(number, secret)
    if appeal is None:
        abort(404)
    return appeal


def find_link_token(token: str | None) -> AppealLinkToken | None:
    """The unused, unexpired link token with this value, else None."""
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(select(AppealLinkToken).where(AppealLinkToken.token_hash == hash_link_token(token)))
    if row is None or row.used_dt is not None or row.expires_dt <= utcnow():
        return None
    return row


def hash_link_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def receipt_reference(appeal: Appeal) -> str:
    """The outbox reference of an appeal's receipt (the receipt page tells its state)."""
    return f"appeal-receipt:{appeal.tracking_number}"


def notice_reference(appeal: Appeal) -> str:
    """The outbox reference of every later message to the applicant (registered, extended, answered...)."""
    return f"appeal:{appeal.tracking_number}"


def applicant_channel(appeal: Appeal) -> str | None:
    """How the applicant hears from us: "email" when they gave an address, else "sms" to a valid phone number,
    else None (they are told by post or by phone, outside this system)."""
    if appeal.applicant_email:
        return "email"
    return "sms" if try_normalize_phone(appeal.applicant_phone) else None


def applicant_messages(appeal: Appeal) -> list[OutboxMessage]:
    """Every e-mail and text message queued to the applicant about this appeal, oldest first, with its state."""
    return messages_about([receipt_reference(appeal), notice_reference(appeal)])


def current_rule(kind: Kind | str) -> Rule:
    """The rule new appeals of `kind` get: the admin's limit and counting, with the legal extension of the kind.

    Without a row in deadline_rule the default rule applies (the table starts empty: no defaults are copied into it).
    """
    kind = Kind(kind)
    row = db.session.get(DeadlineRule, kind)
    if row is None:
        return DEFAULT_RULES[kind]
    return replace(DEFAULT_RULES[kind], limit=row.limit, unit=row.unit, counting=row.counting)


def appeal_rule(appeal: Appeal) -> Rule:
    """The rule the appeal's due date was computed with (its limit and counting are stored on the appeal).

    The extension part (limit, unit, notice timing) is the kind's legal one from DEFAULT_RULES: it is not editable.
    """
    return replace(DEFAULT_RULES[Kind(appeal.kind)], limit=appeal.rule_limit, unit=appeal.rule_unit,
                   counting=appeal.rule_counting)


def explain_deadline(appeal: Appeal) -> Deadline:
    """The appeal's deadline worked out again from its stored rule (and its extension, if any), with its explanation.

    An extension is always granted for the rule's full extension limit, so the notice date (the local day of
    `extended_dt`) is all that is needed to work it out again.
    """
    rule = appeal_rule(appeal)
    tz = community_timezone()
    calendar = calendar_for(appeal.received_dt, rule, non_working_days, tz)
    notice = local_date(appeal.extended_dt, tz) if appeal.extended_dt is not None else None
    return recompute(appeal.received_dt, rule, calendar, extension_notice_date=notice, tz=tz)

