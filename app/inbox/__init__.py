"""The staff side of appeals: the officers' inbox, each appeal's lifecycle, answer templates and deadline rules."""

from flask import Blueprint

from app.inbox.services import recompute_open_appeals
from app.workdays.signals import calendar_changed

bp = Blueprint("inbox", __name__, url_prefix="/staff/appeals")
# The per-kind deadline rules are a setting: they live with the other admin screens.
rules_bp = Blueprint("deadline_rules", __name__, url_prefix="/admin/deadlines")


def init_app(app):
    """Move the open appeals' due dates when the calendar of non-working days changes."""
    # Blinker keeps one connection per receiver, so a second app in the same process does not subscribe twice.
    calendar_changed.connect(recompute_open_appeals)
