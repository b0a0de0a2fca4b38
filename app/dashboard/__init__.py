"""The accountability dashboard: appeals, institutions, the program and settlements in figures, for staff at
/staff/dashboard and for everyone at /accountability (the same aggregates, nothing personal)."""

from flask import Blueprint

from app.dashboard import tally
from app.workdays.signals import calendar_changed

bp = Blueprint("dashboard", __name__)


def init_app(app):
    """Keep the derived response times and the tally in step with every write, and work them out again when the
    calendar of non-working days changes."""
    tally.connect()
    # Blinker keeps one connection per receiver, so a second app in the same process does not subscribe twice.
    calendar_changed.connect(tally.recompute_working_days)
