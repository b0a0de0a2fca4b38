"""The admin's outbox: every message with its state; failed ones can be sent again."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app.accounts.access import require_roles, safe_next_url
from app.outbox import bp
from app.outbox.queries import STATES, count_by_state, file_of, get_message_or_404, list_messages
from app.outbox.services import retry_failed, retry_message
from app.outbox.transport import mail_folder, mail_is_configured

PER_PAGE = 50


@bp.get("/admin/outbox")
@require_roles("admin")
def index():
    """The outbox, newest first, with each message's state; `?state=failed` lists the failed ones alone.

    With the file transport (development) the bodies are shown, so reset links can be read here; once mail goes out
    by SMTP they are hidden: they hold password links and appeal secrets meant for their recipients alone.
    """
    state = request.args.get("state")
    if state not in STATES:
        state = None
    page = list_messages(request.args.get("page", 1, type=int), PER_PAGE, state)
    return render_template("outbox/index.html", page=page, state=state, counts=count_by_state(),
                           hide_bodies=mail_is_configured(), mail_configured=mail_is_configured(),
                           mail_folder=mail_folder(), file_of=file_of,
                           mail_server=current_app.config["MAIL_SERVER"])


@bp.post("/admin/outbox/<id:message_id>/retry")
@require_roles("admin")
def retry(message_id):
    """Send one message again now (after a failure, or without waiting for its next attempt)."""
    message = get_message_or_404(message_id)
    if retry_message(message):
        flash(_("The message to %(address)s is queued again; the worker sends it now.", address=message.to_address),
              "success")
    else:
        flash(_("That message was already sent."), "warning")
    return redirect(safe_next_url(request.form.get("next")) or url_for("outbox.index"))


@bp.post("/admin/outbox/retry-failed")
@require_roles("admin")
def retry_all():
    """Queue every failed message again, e.g. after the mail settings were fixed."""
    count = retry_failed()
    flash(ngettext("%(num)d failed message is queued again.", "%(num)d failed messages are queued again.", count),
          "success")
    return redirect(url_for("outbox.index"))
