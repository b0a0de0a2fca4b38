"""Appeals: residents' applications, complaints, proposals and information requests, and their legal deadlines."""

from flask import Blueprint

bp = Blueprint("appeals", __name__, url_prefix="/appeals")


def init_app(app):
    """Move the open appeals' due dates when the calendar of non-working days changes."""
    from app.appeals.services import recompute_open_appeals
    from app.workdays.signals import calendar_changed

    # Blinker keeps one connection per receiver, so a second app in the same process does not subscribe twice.
    calendar_changed.connect(recompute_open_appeals)
