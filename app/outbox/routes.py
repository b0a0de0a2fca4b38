from flask import current_app, render_template, request

from app.accounts.access import require_roles
from app.outbox import bp
from app.outbox.queries import list_messages

PER_PAGE = 50


@bp.get("/admin/outbox")
@require_roles("admin")
def index():
    """The outbox, newest first, with each message's state.

    With the file transport (development) the bodies are shown, so reset links can be read here; once mail goes out
    by SMTP they are hidden: they hold password links and appeal secrets meant for their recipients alone.
    """
    page = list_messages(request.args.get("page", 1, type=int), PER_PAGE)
    return render_template("outbox/index.html", page=page, hide_bodies=current_app.config["MAIL_TRANSPORT"] != "file")
