"""Writes: queue today's deadline digests and record them, in one transaction."""

from datetime import date

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from app.extensions import db
from app.i18n import LANGS, date_long, date_short
from app.outbox.services import queue_email
from app.reminders.models import DeadlineDigest
from app.reminders.queries import Digest, pending_digests
from app.urls import external_url


def send_deadline_digests(today: date) -> list[Digest]:
    """Queue one digest per staff member who has overdue or soon-due appeals and got none today; return them.

    The digest rows are written with the emails, so a second run the same day finds them and sends nothing; two runs
    racing each other collide on the (user, day) unique key and the later one is rolled back whole.
    """
    digests = pending_digests(today)
    for digest in digests:
        subject, body = _compose(digest, today)
        queue_email(digest.user.email, subject, body, language=_language(digest))
        db.session.add(DeadlineDigest(user_id=digest.user.id, day=today, appeal_count=digest.count))
    db.session.commit()
    return digests


def _line(appeal) -> str:
    # Translators: one appeal in the staff's deadline digest: number, due date, subject.
    line = _("%(number)s, due %(due)s: %(subject)s", number=appeal.tracking_number,
             due=date_short(appeal.due_date), subject=appeal.subject)
    # The appeal's page in the inbox, from the configured public address (never a request's Host).
    return f"{line}\n  {external_url('inbox.appeal', tracking_number=appeal.tracking_number)}"


def _language(digest: Digest) -> str:
    return digest.user.language if digest.user.language in LANGS else "hy"


def _compose(digest: Digest, today: date) -> tuple[str, str]:
    with force_locale(_language(digest)):
        subject = ngettext("%(num)d appeal needs an answer soon", "%(num)d appeals need an answer soon", digest.count)
        parts = [_("Hello %(name)s,", name=digest.user.full_name), ""]
        if digest.overdue:
            parts.append(ngettext("%(num)d appeal is overdue:", "%(num)d appeals are overdue:", len(digest.overdue)))
            parts += [f"- {_line(a)}" for a in digest.overdue] + [""]
        if digest.due_soon:
            parts.append(ngettext("%(num)d appeal is due within two working days:",
                                  "%(num)d appeals are due within two working days:", len(digest.due_soon)))
            parts += [f"- {_line(a)}" for a in digest.due_soon] + [""]
        parts.append(_("This digest is sent once a day (%(day)s). Unassigned appeals go to every officer.",
                       day=date_long(today)))
    return subject, "\n".join(parts) + "\n"
