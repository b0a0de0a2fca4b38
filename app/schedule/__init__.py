"""The public schedule of the program's actions: list, calendar, each action's page and its reports."""

from flask import Blueprint

from app.schedule.labels import FIELD_LABELS, FUNDING_LABELS, STATUS_LABELS

bp = Blueprint("schedule", __name__)


def init_app(app):
    """Give every template the schedule's labels."""
    # Globals, not a context processor, so that imported macros see them too.
    app.jinja_env.globals.update(STATUS_LABELS=STATUS_LABELS, FUNDING_LABELS=FUNDING_LABELS,
                                 FIELD_LABELS=FIELD_LABELS)
