from flask import render_template, request

from app.accounts.access import require_roles
from app.outbox import bp
from app.outbox.queries import list_messages

PER_PAGE = 50


@bp.get("/admin/outbox")
@require_roles("admin")
def index():
    """The outbox, newest first: until a mail transport exists, this is where reset links can be read."""
    page = list_messages(request.args.get("page", 1, type=int), PER_PAGE)
    return render_template("outbox/index.html", page=page)
