"""Writes: queue today's deadline digests and record them, in one transaction."""

from datetime import date

from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_babel import ngettext

from app.extensions import db
from app.outbox.services import queue_email
from app.reminders.models import DeadlineDigest
from app.reminders.queries import Digest, pending_digests


def send_deadline_digests(today: date) -> list[Digest]:
    """Queue one digest per staff member who has overdue or soon-due appeals and got none today; return them.

    The digest rows are written with the emails, so a second run the same day finds them and sends nothing; two runs
    racing each other collide on the (user, day) unique key and the later one is rolled back whole.
    """
    digests = pending_digests(today)
    for digest in digests:
        subject, body = _compose(digest, today)
        queue_email(digest.user.email, subject, body)
        db.session.add(DeadlineDigest(user_id=digest.user.id, day=today, appeal_count=digest.count))
    db.session.commit()
    return digests


def _line(appeal) -> str:
    # Translators: one appeal in the staff's deadline digest: number, due date, subject.
    return _("%(number)s, due %(due)s: %(subject)s", number=appeal.tracking_number,
             due=format_date(appeal.due_date, "medium"), subject=appeal.subject)


def _compose(digest: Digest, today: date) -> tuple[str, str]:
    language = digest.user.language if digest.user.language in ("hy", "en", "ru") else "hy"
    with force_locale(language):
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
                       day=format_date(today, "long")))
    return subject, "\n".join(parts) + "\n"
