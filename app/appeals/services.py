"""Writes of appeals: submitting, withdrawing and rating. Each use case commits once."""

import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite

from app.appeals import codes
from app.appeals.deadlines import Kind, calendar_for, due_date, local_date
from app.appeals.models import (
    Appeal,
    AppealAttachment,
    AppealChannel,
    AppealEvent,
    AppealLinkToken,
    AppealSequence,
    AppealStatus,
    AttachmentKind,
    Publication,
)
from app.appeals.queries import (
    applicant_channel,
    current_rule,
    find_link_token,
    hash_link_token,
    notice_reference,
    receipt_reference,
)
from app.audit.services import audit
from app.community.queries import community_timezone, get_community
from app.extensions import db
from app.i18n import date_long, date_short
from app.models_base import utcnow
from app.outbox.services import queue_email
from app.sms.phones import try_normalize_phone
from app.sms.services import queue_sms
from app.urls import external_url
from app.workdays.queries import non_working_days


class NotAllowed(Exception):
    """The appeal is not in a state that allows this (already closed, already rated...)."""


def next_tracking_number(year: int) -> str:
    """Take the next number of `year` inside the caller's transaction: one atomic UPSERT ... RETURNING.

    The row lock it takes lasts until the commit, so concurrent submissions queue on it (PostgreSQL) or on the
    database write lock (SQLite, BEGIN IMMEDIATE). A rolled-back submission leaves a gap, which is allowed.
    """
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(AppealSequence).values(year=year, last_value=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=[AppealSequence.year], set_={"last_value": AppealSequence.last_value + 1}
    ).returning(AppealSequence.last_value)
    value = db.session.execute(stmt).scalar_one()
    community = get_community()
    prefix = community.tracking_prefix if community else "APL"
    return f"{prefix}-{year}-{value:06d}"


def submit_appeal(data: dict, images, documents, language: str, *, channel: AppealChannel = AppealChannel.ONLINE,
                  received_dt=None, actor=None) -> tuple[Appeal, str]:
    """Store a new appeal with its accepted uploads, queue the receipt email, audit; return it and its access code
    (grouped, as people are shown it).

    An officer (`actor`) registering a paper or phone appeal on a resident's behalf gives its `channel` and when it
    was received (`received_dt`, aware); such an appeal is registered at once, by that officer.
    """
    tz = community_timezone()
    now = utcnow()
    received_dt = received_dt or now
    kind = Kind(data["kind"])
    rule = current_rule(kind)
    deadline = due_date(received_dt, rule, calendar_for(received_dt, rule, non_working_days, tz), tz)
    code = codes.new_code()
    number = next_tracking_number(local_date(now, tz).year)  # numbered when entered
    appeal = Appeal(
        tracking_number=number, secret_hash=codes.hash_code(code, number), received_dt=received_dt,
        status=AppealStatus.RECEIVED, due_date=deadline.due_date, rule_limit=rule.limit, rule_unit=rule.unit,
        rule_counting=rule.counting,
        language=language, publication=Publication.PENDING if data.get("allow_publish") else Publication.NOT_ALLOWED,
        channel=channel, **data,
    )
    appeal.events.append(AppealEvent(status=AppealStatus.RECEIVED, created_dt=received_dt, public=True))
    if actor is not None:
        appeal.status = AppealStatus.REGISTERED
        appeal.registered_dt = appeal.first_action_dt = now
        appeal.events.append(AppealEvent(status=AppealStatus.REGISTERED, created_dt=now, public=True,
                                         actor_id=actor.id))
    for image, title in images:
        appeal.attachments.append(AppealAttachment(kind=AttachmentKind.PHOTO, file_name=image.file_name,
                                                   thumb_name=image.thumb_name, title=title[:200]))
    for document, title in documents:
        appeal.attachments.append(AppealAttachment(kind=AttachmentKind.PDF, file_name=document.file_name,
                                                   title=title[:200]))
    db.session.add(appeal)
    db.session.flush()
    if appeal.applicant_email:
        _queue_receipt(appeal, codes.grouped(code))
    else:
        with force_locale(appeal.language):
            # Translators: the receipt by SMS (Armenian SMS parts hold 67 characters: keep it short).
            text_sms(appeal, lambda: _("Appeal %(number)s received. Access code: %(code)s. Answer due %(due)s. "
                                       "Follow it: %(link)s", number=appeal.tracking_number, code=codes.grouped(code),
                                       due=date_short(appeal.due_date),
                                       link=external_url("appeals.track")),
                     about=lambda: _("Your appeal %(number)s has been received", number=appeal.tracking_number),
                     reference=receipt_reference(appeal))
    # No personal data in the audit log: the number identifies the appeal.
    if actor is None:
        audit("appeal.submit", target=appeal, actor_label="applicant",
              details={"tracking_number": appeal.tracking_number, "kind": kind.value})
    else:
        audit("appeal.register_on_behalf", actor=actor, target=appeal,
              details={"tracking_number": appeal.tracking_number, "kind": kind.value, "channel": channel.value})
    db.session.commit()
    return appeal, codes.grouped(code)


def text_sms(appeal: Appeal, text_fn, about=None, reference=None) -> bool:
    """Queue an SMS to an applicant who gave a phone number and no email address, in their language.

    `text_fn` (and `about`, the line staff see in the list of messages) are called in the applicant's language; the
    message is filed under `reference` (default: the appeal's notices). Returns whether a message was queued.
    """
    if applicant_channel(appeal) != "sms":
        return False
    phone = try_normalize_phone(appeal.applicant_phone)
    with force_locale(appeal.language):
        queue_sms(phone, text_fn(), about=about() if about else "", reference=reference or notice_reference(appeal))
    return True


def issue_link_token(appeal: Appeal) -> str:
    """A single-use token for an e-mailed link to the appeal (the caller commits); only its hash is stored."""
    token = secrets.token_urlsafe(24)
    days = current_app.config["APPEAL_LINK_DAYS"]
    db.session.add(AppealLinkToken(appeal=appeal, token_hash=hash_link_token(token),
                                   expires_dt=utcnow() + timedelta(days=days)))
    return token


def tracking_link(appeal: Appeal) -> str:
    """The public address of a fresh single-use link to the appeal, for an e-mail (the caller commits)."""
    return external_url("appeals.open_link", token=issue_link_token(appeal))


def delete_expired_link_tokens() -> int:
    """Delete e-mailed appeal links past their expiry, used or not (housekeeping, run by the worker)."""
    result = db.session.execute(delete(AppealLinkToken).where(AppealLinkToken.expires_dt < utcnow())
                                .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount


def redeem_link_token(token: str) -> Appeal | None:
    """Use up an e-mailed link's token: its appeal, or None when the token is unknown, used or expired."""
    row = find_link_token(token)
    if row is None:
        return None
    row.used_dt = utcnow()
    appeal = row.appeal
    db.session.commit()
    return appeal


def _queue_receipt(appeal: Appeal, code: str):
    link = tracking_link(appeal)
    with force_locale(appeal.language):
        subject = _("Your appeal %(number)s has been received", number=appeal.tracking_number)
        body = _("Your appeal \"%(subject)s\" has been received and given the tracking number %(number)s.\n\n"
                 "Your access code: %(code)s\n"
                 "Keep it with the tracking number: together they let you follow your appeal at %(track)s. "
                 "Keep the code private: it shows your personal data.\n\n"
                 "The answer is due by %(due)s. This link opens your appeal once, without typing the code:\n"
                 "%(link)s\n",
                 subject=appeal.subject, number=appeal.tracking_number, code=code,
                 track=external_url("appeals.track"), due=date_long(appeal.due_date),
                 link=link)
    queue_email(appeal.applicant_email, subject, body, language=appeal.language,
                reference=receipt_reference(appeal))


def withdraw_appeal(appeal: Appeal):
    """The applicant withdraws an open appeal."""
    if not appeal.is_open:
        raise NotAllowed
    now = utcnow()
    appeal.status = AppealStatus.WITHDRAWN
    appeal.closed_dt = now
    appeal.events.append(AppealEvent(status=AppealStatus.WITHDRAWN, created_dt=now, public=True))
    audit("appeal.withdraw", target=appeal, actor_label="applicant",
          details={"tracking_number": appeal.tracking_number})
    db.session.commit()


def rate_appeal(appeal: Appeal, content: int, timeliness: int):
    """The applicant rates the answer of a closed appeal, once."""
    if appeal.is_open or appeal.status == AppealStatus.WITHDRAWN or appeal.rated_dt is not None:
        raise NotAllowed
    appeal.rating_content = content
    appeal.rating_timeliness = timeliness
    appeal.rated_dt = utcnow()
    db.session.commit()
