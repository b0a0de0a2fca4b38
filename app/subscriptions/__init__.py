"""Residents follow a settlement, an institution, a program goal or the schedule's filters by email, without an
account: double opt-in, a weekly digest, an immediate notice when a followed action is postponed or cancelled,
one-click unsubscribe and a preferences page reached by a signed link."""

from flask import Blueprint

from app.subscriptions.queries import selection

bp = Blueprint("subscriptions", __name__, url_prefix="/subscriptions")


def init_app(app):
    """Give templates the selection helper the subscribe form needs."""
    app.jinja_env.globals["subscription_selection"] = selection
