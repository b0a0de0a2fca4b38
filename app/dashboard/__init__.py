"""The accountability dashboard: appeals, institutions, the program and settlements in figures, for staff at
/staff/dashboard and for everyone at /accountability (the same aggregates, nothing personal)."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__)


@bp.record_once
def _subscribe(_state):
    from app.dashboard.tally import recompute_working_days
    from app.workdays.signals import calendar_changed

    calendar_changed.connect(recompute_working_days)


from app.dashboard import models, routes, tally  # noqa: E402,F401
