"""Writes of appeals: submitting, withdrawing and rating (the applicant's side); registering, assigning, extending,
forwarding, answering and rejecting (the staff's side, used by the inbox); answer templates and deadline rules; due
dates moved when the calendar changes. Each use case commits once."""

import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from app.appeals import codes
from app.appeals import queries as appeal_queries
from app.appeals.deadlines import (
    DEFAULT_RULES,
    ExtensionError,
    Kind,
    Refusal,
    calendar_for,
    due_date,
    extend,
    local_date,
    recompute,
)
from app.appeals.models import (
    OPEN_STATUSES,
    AnswerTemplate,
    Appeal,
    AppealAttachment,
    AppealChannel,
    AppealEvent,
    AppealLinkToken,
    AppealSequence,
    AppealStatus,
    AttachmentKind,
    DeadlineRule,
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


# --- the staff side: each lifecycle step writes an event, tells the applicant (through the outbox, in the same
# transaction), is audited without personal data, and commits once ----------------------------------------------

CALENDAR_REACH_DAYS = 400  # longer than any rule with its extension and moves (calendar_for asks for at most ~250)
STAFF_LANGUAGE = "hy"  # staff accounts have no language of their own: their emails are in Armenian


class Conflict(Exception):
    """The step does not fit the appeal's state (answering a closed appeal, extending twice); `message` says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _require_open(appeal: Appeal):
    if appeal.status not in OPEN_STATUSES:
        raise Conflict(_("This appeal is closed: nothing more can be done with it."))


def _step(appeal: Appeal, actor, status: AppealStatus, *, note=None, public=True) -> AppealEvent:
    """Record one step in the history; the first staff step after receipt is the first action."""
    now = utcnow()
    if appeal.first_action_dt is None:
        appeal.first_action_dt = now
    event = AppealEvent(status=status, created_dt=now, note=note, public=public, actor_id=actor.id)
    appeal.events.append(event)
    return event


def _audit(action, actor, appeal, **details):
    # The tracking number identifies the appeal; names, contacts and texts never go into the audit log.
    audit(action, actor=actor, target=appeal, details={"tracking_number": appeal.tracking_number, **details})


def _tell_applicant(appeal: Appeal, subject_fn, body_fn, sms_fn=None):
    """Queue an email to the applicant in their language, with a single-use link to the appeal (never the code); an
    applicant who gave only a phone number gets an SMS instead: `sms_fn`'s text, or the subject and the link."""
    if not appeal.applicant_email:
        link = external_url("appeals.track")
        text_sms(appeal, sms_fn or (lambda: _("%(news)s. Details: %(link)s", news=subject_fn(), link=link)),
                                 about=subject_fn)
        return
    link = tracking_link(appeal)
    with force_locale(appeal.language):
        subject = subject_fn()
        body = body_fn() + "\n\n" + _("Follow your appeal with this link (it opens once; afterwards use the tracking "
                                        "number and your access code):\n%(link)s\n", link=link)
    # Filed under the appeal, so its page in the inbox shows whether the applicant's message left.
    queue_email(appeal.applicant_email, subject, body, language=appeal.language,
                reference=appeal_queries.notice_reference(appeal))


def register(appeal: Appeal, actor):
    if appeal.status != AppealStatus.RECEIVED:
        raise Conflict(_("Only a newly received appeal can be registered."))
    appeal.status = AppealStatus.REGISTERED
    appeal.registered_dt = utcnow()
    _step(appeal, actor, AppealStatus.REGISTERED)
    _tell_applicant(
        appeal, lambda: _("Your appeal %(number)s has been registered", number=appeal.tracking_number),
        lambda: _("Your appeal \"%(subject)s\" (%(number)s) has been registered. The answer is due by %(due)s.",
                  subject=appeal.subject, number=appeal.tracking_number, due=date_long(appeal.due_date)))
    _audit("appeal.register", actor, appeal)
    db.session.commit()


def assign(appeal: Appeal, actor, assignee):
    """Give the appeal to an officer or an editor of the addressed institution, and tell them by email."""
    _require_open(appeal)
    if appeal.assignee_id == assignee.id:
        raise Conflict(_("The appeal is already assigned to %(name)s.", name=assignee.full_name))
    appeal.assignee_id = assignee.id
    _step(appeal, actor, appeal.status, note=_("Assigned to %(name)s.", name=assignee.full_name), public=False)
    link = external_url("inbox.appeal", tracking_number=appeal.tracking_number)
    with force_locale(getattr(assignee, "language", None) or STAFF_LANGUAGE):
        subject = _("New assignment: appeal %(number)s", number=appeal.tracking_number)
        body = _("The appeal %(number)s \"%(subject)s\" has been assigned to you. The answer is due by %(due)s.\n\n"
                 "Open it here:\n%(link)s\n", number=appeal.tracking_number, subject=appeal.subject,
                 due=date_long(appeal.due_date), link=link)
    queue_email(assignee.email, subject, body, language=getattr(assignee, "language", None) or STAFF_LANGUAGE)
    _audit("appeal.assign", actor, appeal, assignee_id=assignee.id)
    db.session.commit()


def start_review(appeal: Appeal, actor):
    if appeal.status != AppealStatus.REGISTERED:
        raise Conflict(_("Only a registered appeal can be taken into review."))
    appeal.status = AppealStatus.IN_REVIEW
    _step(appeal, actor, AppealStatus.IN_REVIEW)
    _audit("appeal.start_review", actor, appeal)
    db.session.commit()


REFUSAL_MESSAGES = {
    Refusal.NOT_EXTENDABLE: lambda e: _("This kind of appeal cannot be extended."),
    Refusal.ALREADY_EXTENDED: lambda e: _("This appeal has already been extended once; it cannot be extended again."),
    Refusal.INVALID_LIMIT: lambda e: _("The extension is not valid."),
    Refusal.OVER_MAXIMUM: lambda e: _("The extension is longer than the law allows."),
    Refusal.NOT_LATER: lambda e: _("The extension would not move the due date later."),
    Refusal.NOTICE_BEFORE_RECEIPT: lambda e: _("The extension notice cannot be dated before the appeal was received."),
    Refusal.NOTICE_TOO_LATE: lambda e: _("It is too late to extend: the applicant had to be told by %(date)s.",
                                         date=date_long(e.latest_notice_date)),
}


def extend_deadline(appeal: Appeal, actor, reason: str):
    """Extend the due date once, by the kind's legal extension, if the notice is still in time; tell the applicant."""
    _require_open(appeal)
    if appeal.extended_dt is not None:
        raise Conflict(REFUSAL_MESSAGES[Refusal.ALREADY_EXTENDED](None))
    tz = community_timezone()
    now = utcnow()
    rule = appeal_queries.appeal_rule(appeal)
    calendar = calendar_for(appeal.received_dt, rule, non_working_days, tz, until=local_date(now, tz))
    current = recompute(appeal.received_dt, rule, calendar, tz=tz)
    try:
        extended = extend(current, rule, calendar, notice_date=local_date(now, tz))
    except ExtensionError as error:
        raise Conflict(REFUSAL_MESSAGES[error.reason](error)) from None
    appeal.original_due_date = appeal.due_date
    appeal.due_date = extended.due_date
    appeal.extended_dt = now
    appeal.extension_reason = reason
    _step(appeal, actor, appeal.status, note=reason)
    _tell_applicant(
        appeal, lambda: _("The answer to your appeal %(number)s will take longer", number=appeal.tracking_number),
        lambda: _("The time to answer your appeal \"%(subject)s\" (%(number)s) has been extended from %(old)s to "
                  "%(new)s.\n\nReason: %(reason)s", subject=appeal.subject, number=appeal.tracking_number,
                  old=date_long(appeal.original_due_date), new=date_long(appeal.due_date),
                  reason=reason))
    _audit("appeal.extend", actor, appeal, old_due_date=appeal.original_due_date, due_date=appeal.due_date)
    db.session.commit()


def _close(appeal: Appeal, status: AppealStatus):
    appeal.status = status
    appeal.closed_dt = utcnow()


def forward(appeal: Appeal, actor, forwarded_to: str, note: str | None):
    _require_open(appeal)
    _close(appeal, AppealStatus.FORWARDED)
    appeal.forwarded_to = forwarded_to
    _step(appeal, actor, AppealStatus.FORWARDED, note=forwarded_to + (f" — {note}" if note else ""))
    _tell_applicant(
        appeal, lambda: _("Your appeal %(number)s has been forwarded", number=appeal.tracking_number),
        lambda: _("Your appeal \"%(subject)s\" (%(number)s) is not ours to answer and has been forwarded to: "
                  "%(body)s.", subject=appeal.subject, number=appeal.tracking_number, body=forwarded_to)
        + (f"\n\n{note}" if note else ""))
    _audit("appeal.forward", actor, appeal)
    db.session.commit()


def answer(appeal: Appeal, actor, text: str):
    _require_open(appeal)
    _close(appeal, AppealStatus.ANSWERED)
    appeal.answer_text = text
    _step(appeal, actor, AppealStatus.ANSWERED)
    _tell_applicant(
        appeal, lambda: _("Your appeal %(number)s has been answered", number=appeal.tracking_number),
        lambda: _("Your appeal \"%(subject)s\" (%(number)s) has been answered:", subject=appeal.subject,
                  number=appeal.tracking_number) + "\n\n" + text,
        lambda: _("The answer to your appeal %(number)s is ready. Read it at %(link)s with the number and your "
                  "access code.", number=appeal.tracking_number, link=external_url("appeals.track")))
    _audit("appeal.answer", actor, appeal)
    db.session.commit()


def reject(appeal: Appeal, actor, reason: str):
    _require_open(appeal)
    _close(appeal, AppealStatus.REJECTED)
    appeal.status_reason = reason
    _step(appeal, actor, AppealStatus.REJECTED, note=reason)
    _tell_applicant(
        appeal, lambda: _("Your appeal %(number)s has been rejected", number=appeal.tracking_number),
        lambda: _("Your appeal \"%(subject)s\" (%(number)s) has been rejected.\n\nReason: %(reason)s",
                  subject=appeal.subject, number=appeal.tracking_number, reason=reason))
    _audit("appeal.reject", actor, appeal)
    db.session.commit()


def add_note(appeal: Appeal, actor, note: str):
    """An internal note: in the staff history only, never shown or sent to the applicant."""
    _step(appeal, actor, appeal.status, note=note, public=False)
    _audit("appeal.note", actor, appeal)
    db.session.commit()


# --- answer templates and deadline rules (settings) -------------------------------------------------------------


def create_template(data, actor) -> AnswerTemplate:
    template = AnswerTemplate(**data)
    db.session.add(template)
    db.session.flush()
    audit("answer_template.create", actor=actor, target=template, details={"title": template.title})
    db.session.commit()
    return template


def update_template(template: AnswerTemplate, data, actor):
    for key, value in data.items():
        setattr(template, key, value)
    audit("answer_template.update", actor=actor, target=template, details={"title": template.title})
    db.session.commit()


def delete_template(template: AnswerTemplate, actor):
    audit("answer_template.delete", actor=actor, target=template, details={"title": template.title})
    db.session.delete(template)
    db.session.commit()


def save_rule(kind, data, actor):
    """Store the admin's rule for `kind`; appeals already received keep the rule they were received under."""
    row = db.session.get(DeadlineRule, kind)
    before = appeal_queries.current_rule(kind)
    if row is None:
        row = DeadlineRule(kind=kind, **data)
        db.session.add(row)
    else:
        for key, value in data.items():
            setattr(row, key, value)
    db.session.flush()
    audit("deadline_rule.update", actor=actor, details={
        "kind": kind.value, "before": [before.limit, before.unit.value, before.counting.value],
        "after": [row.limit, data["unit"].value, data["counting"].value]})
    db.session.commit()


def reset_rule(kind, actor):
    row = db.session.get(DeadlineRule, kind)
    if row is not None:
        db.session.delete(row)
        default = DEFAULT_RULES[kind]
        audit("deadline_rule.reset", actor=actor, details={
            "kind": kind.value, "after": [default.limit, default.unit.value, default.counting.value]})
    db.session.commit()


# --- the calendar changed ---------------------------------------------------------------------------------------


def recompute_open_appeals(_sender, days=(), **_kwargs):
    """Work out again the due date of every open appeal after a non-working day was added, moved or removed.

    Runs inside the admin's transaction (see app.workdays.signals), so the new due dates are saved with the calendar
    change or not at all. Each appeal's own stored rule is used; an extended appeal keeps its extension, counted
    again from its notice date (extensions are always granted in full, see queries.explain_deadline).
    """
    tz = community_timezone()
    appeals = list(db.session.scalars(select(Appeal).where(Appeal.status.in_(OPEN_STATUSES)).order_by(Appeal.id)))
    if not appeals:
        return
    # One calendar query for all of them: from a week before the first receipt to well past the last due date.
    received = [local_date(a.received_dt, tz) for a in appeals]
    first, last = min(received) - timedelta(days=7), max(received) + timedelta(days=CALENDAR_REACH_DAYS)
    off = non_working_days(first, last)

    def days_off(start, end):
        if start < first or end > last:
            return non_working_days(start, end)
        return {day for day in off if start <= day <= end}

    for appeal in appeals:
        rule = appeal_queries.appeal_rule(appeal)
        calendar = calendar_for(appeal.received_dt, rule, days_off, tz)
        notice = local_date(appeal.extended_dt, tz) if appeal.extended_dt is not None else None
        deadline = recompute(appeal.received_dt, rule, calendar, extension_notice_date=notice, tz=tz)
        original = deadline.original_due_date if notice is not None else None
        if deadline.due_date == appeal.due_date and original == appeal.original_due_date:
            continue
        old = appeal.due_date
        appeal.due_date = deadline.due_date
        if notice is not None:
            appeal.original_due_date = original
        audit("appeal.recompute_due_date", actor_label="calendar", target=appeal, details={
            "tracking_number": appeal.tracking_number, "old_due_date": old, "due_date": appeal.due_date,
            "days": sorted(days)})
