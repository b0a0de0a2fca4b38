"""Writes of subscriptions: subscribe (double opt-in), confirm, change, unsubscribe, notices and weekly digests."""

import secrets

from flask import current_app, has_app_context
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from app.accounts.models import normalize_email
from app.extensions import db
from app.i18n import date_long, date_short, tr_text
from app.models_base import utcnow
from app.outbox.models import OutboxMessage
from app.outbox.services import queue_email
from app.schedule.labels import STATUS_LABELS
from app.schedule.models import Action, ActionStatus
from app.subscriptions import queries
from app.subscriptions.links import CONFIRM, MANAGE, make_token, schedule_url
from app.subscriptions.models import StatusNotice, Subscription
from app.urls import external_url
from app.worker import enqueue

DIGEST_LIMIT = 20  # items per section of a digest; the rest is one link to the schedule away


def unsubscribe_headers(one_click_url: str) -> dict:
    """RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to this URL, with no cookie and no form."""
    return {"List-Unsubscribe": f"<{one_click_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _manage_url(subscription) -> str:
    return external_url("subscriptions.manage", token=make_token(subscription, MANAGE))


def _footer(email: str, stored_filters: str, manage_url: str) -> str:
    return "\n-- \n" + _("You get this because %(email)s follows \"%(what)s\" on %(site)s.\n"
                         "Unsubscribe or change what you receive: %(link)s\n",
                         email=email, what=queries.describe(stored_filters),
                         site=external_url("home.index"), link=manage_url)


def subscribe(email: str, stored_filters: str, language: str) -> OutboxMessage:
    """Ask `email` to confirm following a selection; an address that already follows it gets its manage link.
    Return the queued e-mail (the next page tells what became of it).

    The answer on screen is the same in every case (an e-mail either way), so the form does not tell who follows
    what.
    """
    email = normalize_email(email)
    subscription = db.session.scalar(select(Subscription).where(Subscription.email == email,
                                                                Subscription.filters == stored_filters))
    if subscription is None:
        subscription = Subscription(email=email, filters=stored_filters, language=language,
                                    nonce=secrets.token_hex(8))
        db.session.add(subscription)
        db.session.flush()
    elif subscription.confirmed_dt is None:
        subscription.language = language
    with force_locale(subscription.language if subscription.confirmed_dt else language):
        what = queries.describe(stored_filters)
        if subscription.confirmed_dt is None:
            link = external_url("subscriptions.confirm", token=make_token(subscription, CONFIRM))
            subject = _("Confirm your subscription: %(what)s", what=what)
            body = _("Someone (we hope you) asked to receive news by email about \"%(what)s\": a weekly digest of "
                     "new and changed actions and reports, and a notice when an action is postponed or cancelled."
                     "\n\nTo confirm, open this link within %(hours)d hours and press the button:\n%(link)s\n\n"
                     "If it was not you, ignore this email: without confirmation nothing is sent and the address "
                     "is deleted.\n", what=what, hours=current_app.config["SUBSCRIPTION_CONFIRM_HOURS"], link=link)
        else:
            subject = _("You already follow: %(what)s", what=what)
            body = _("This address already receives news about \"%(what)s\".\n\n"
                     "Change what you receive or unsubscribe here:\n%(link)s\n",
                     what=what, link=_manage_url(subscription))
    message = queue_email(email, subject, body)
    db.session.commit()
    return message


def confirm(subscription: Subscription) -> None:
    """Start the subscription; its first digest covers what happens from now on."""
    if subscription.confirmed_dt is None:
        subscription.confirmed_dt = subscription.digest_dt = utcnow()
        # Deleted when not confirmed: an address nobody confirmed is not kept (see delete_unconfirmed).
        db.session.commit()


def update_preferences(email: str, language: str, choices: dict[int, tuple[bool, bool]]) -> None:
    """Set the language of every subscription of `email`, and each one's (weekly, notices); both off deletes it."""
    for subscription in queries.list_for_email(email):
        subscription.language = language
        # Saving one's choices confirms the subscription again: its retention period starts anew (app/retention).
        subscription.confirmed_dt = utcnow()
        if subscription.id in choices:
            weekly, notices = choices[subscription.id]
            if not weekly and not notices:
                db.session.delete(subscription)
            else:
                subscription.weekly, subscription.notices = weekly, notices
    db.session.commit()


def unsubscribe(subscription: Subscription) -> None:
    """Delete the subscription, address and all."""
    db.session.delete(subscription)
    db.session.commit()


def unsubscribe_all(email: str) -> int:
    """Delete every subscription of an address; return how many there were."""
    count = db.session.execute(delete(Subscription).where(Subscription.email == email)).rowcount
    db.session.commit()
    return count


def delete_unconfirmed(older_than) -> int:
    """Housekeeping: forget addresses that never confirmed."""
    count = db.session.execute(delete(Subscription).where(Subscription.confirmed_dt.is_(None),
                                                          Subscription.created_dt < older_than)).rowcount
    db.session.commit()
    return count


def _action_line(action: Action) -> str:
    when = date_short(action.start_date)
    title = tr_text(action, "title")
    status = "" if action.status == ActionStatus.PLANNED else f" ({STATUS_LABELS[action.status]})"
    return f"- {when}: {title}{status}\n  {external_url('schedule.action', action_id=action.id)}"


def request_status_notices(action: Action) -> bool:
    """Note, in the caller's transaction, that the followers of a postponed or cancelled action are to be told.

    Called by the domain write that changes the status (app/schedule/services.change_status), before its commit: a
    change that is rolled back notifies nobody. The e-mails are written by the worker once the change is committed
    (send_status_notices), so the editor's request does not wait for thousands of followers.
    """
    if action.status not in (ActionStatus.POSTPONED, ActionStatus.CANCELLED) or not action.published:
        return False
    db.session.add(StatusNotice(action_id=action.id, status=ActionStatus(action.status).value))
    db.session.info[NOTICE_WAKE_KEY] = True
    return True


NOTICE_WAKE_KEY = "subscriptions_notice_wake"


def wake_notices(session):
    """After a commit that noted a status notice: ask the worker to write it now (a sweep catches a lost wake-up)."""
    if session.info.pop(NOTICE_WAKE_KEY, False) and has_app_context() and "worker" in current_app.extensions:
        enqueue("subscriptions.status_notices")


def forget_notices(session):
    session.info.pop(NOTICE_WAKE_KEY, None)


def send_status_notices() -> int:
    """Queue the e-mails of every pending status notice (what the worker runs); return how many e-mails."""
    pending = db.session.scalars(select(StatusNotice.id).where(StatusNotice.done_dt.is_(None))
                                 .order_by(StatusNotice.id)).all()
    db.session.rollback()  # end the read, so each notice is claimed in a transaction of its own
    return sum(_send_notice(notice_id) for notice_id in pending)


def _send_notice(notice_id: int) -> int:
    """Claim one notice and queue its e-mails in one transaction; 0 if another worker has it already.

    The claiming UPDATE matches only while done_dt is empty: on PostgreSQL a second worker's UPDATE waits for the
    first one's commit and then matches nothing; on SQLite the write transactions run one after the other.
    """
    claimed = db.session.execute(update(StatusNotice).where(StatusNotice.id == notice_id,
                                                            StatusNotice.done_dt.is_(None))
                                 .values(done_dt=utcnow()).execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        db.session.rollback()
        return 0
    notice = db.session.get(StatusNotice, notice_id)
    action = db.session.get(Action, notice.action_id)
    # A newer notice of the same action tells the latest news; a change undone in the meantime tells nothing.
    superseded = db.session.scalar(select(StatusNotice.id).where(StatusNotice.action_id == notice.action_id,
                                                                 StatusNotice.id > notice.id).limit(1))
    told = 0
    if action is not None and action.published and action.status.value == notice.status and superseded is None:
        told = _queue_status_notices(action)
    notice.queued = told
    db.session.commit()
    return told


def _queue_status_notices(action: Action) -> int:
    """Queue a notice to each follower of a postponed or cancelled action, in the caller's transaction."""
    followers = queries.followers_of(action)
    for subscription in followers:
        with force_locale(subscription.language):
            title = tr_text(action, "title")
            reason = (getattr(action, f"status_reason_{subscription.language}", None) or action.status_reason_hy
                      or "")
            if action.status == ActionStatus.CANCELLED:
                subject = _("Cancelled: %(title)s", title=title)
                body = _("\"%(title)s\", planned for %(date)s, has been cancelled.", title=title,
                         date=date_long(action.start_date))
            else:
                subject = _("Postponed: %(title)s", title=title)
                body = _("\"%(title)s\" has been postponed. It is now planned for %(date)s.", title=title,
                         date=date_long(action.start_date))
            if reason:
                body += "\n" + _("Reason: %(reason)s", reason=reason)
            body += "\n\n" + external_url("schedule.action", action_id=action.id) + "\n"
            body += _footer(subscription.email, subscription.filters, _manage_url(subscription))
        queue_email(subscription.email, subject, body, headers=unsubscribe_headers(external_url(
            "subscriptions.one_click", token=make_token(subscription, MANAGE))))
    return len(followers)


def send_weekly_digests(now=None) -> int:
    """Queue this week's digest to every confirmed weekly subscription with something new; return how many.

    What changed is read once per (selection, last digest) and composed once per language; only the address and
    the signed links differ between readers. Every processed subscription's digest_dt moves to `now`, so running it
    again sends nothing new.
    """
    now = now or utcnow()
    queued = 0
    groups = queries.due_digest_groups(now)
    contents = {}
    for (stored, language, since), ids in groups.items():
        if (stored, since) not in contents:
            contents[stored, since] = queries.digest_content(stored, since, now, DIGEST_LIMIT)
        content = contents[stored, since]
        if not content.empty:
            queued += _queue_digest_group(stored, language, content, ids)
        for start in range(0, len(ids), 500):
            db.session.execute(update(Subscription).where(Subscription.id.in_(ids[start:start + 500]))
                               .values(digest_dt=now).execution_options(synchronize_session=False))
    db.session.commit()
    return queued


def _queue_digest_group(stored, language, content, ids) -> int:
    with force_locale(language):
        what = queries.describe(stored)
        subject = _("This week: %(what)s", what=what)
        parts = [_("What changed this week in \"%(what)s\":", what=what), ""]
        if content.new:
            parts += [_("New actions:")] + [_action_line(a) for a in content.new] + [""]
        if content.changed:
            parts += [_("Changed actions:")] + [_action_line(a) for a in content.changed] + [""]
        if content.reports:
            parts += [_("New reports:")] + [_action_line(r.action) for r in content.reports] + [""]
        parts += [_("The whole schedule: %(link)s", link=schedule_url(stored)), ""]
        body = "\n".join(parts)
        rows = db.session.execute(select(Subscription.id, Subscription.email, Subscription.nonce,
                                         Subscription.filters).where(Subscription.id.in_(ids))).all()
        # The same for every reader but the address and the token: formatted once, with markers filled per reader.
        footer = _footer(_EMAIL, stored, external_url("subscriptions.manage", token=_TOKEN))
        one_click = external_url("subscriptions.one_click", token=_TOKEN)
    for row in rows:
        token = make_token(row, MANAGE)
        queue_email(row.email, subject, body + footer.replace(_EMAIL, row.email).replace(_TOKEN, token),
                    headers=unsubscribe_headers(one_click.replace(_TOKEN, token)), language=language)
    return len(rows)


_EMAIL, _TOKEN = "EMAIL-MARKER-7f3a", "TOKEN-MARKER-7f3a"  # characters a URL and a token never escape
