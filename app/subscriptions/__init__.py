"""Residents follow a settlement, an institution, a program goal or the schedule's filters by email, without an
account: double opt-in, a weekly digest, an immediate notice when a followed action is postponed or cancelled,
one-click unsubscribe and a preferences page reached by a signed link."""

from flask import Blueprint
from sqlalchemy import event

from app.database import AppSession
from app.subscriptions.queries import selection
from app.subscriptions.services import forget_notices, wake_notices

bp = Blueprint("subscriptions", __name__, url_prefix="/subscriptions")


def init_app(app):
    """Give templates the selection helper the subscribe form needs; wake the worker when a commit noted a notice."""
    app.jinja_env.globals["subscription_selection"] = selection
    if not event.contains(AppSession, "after_commit", wake_notices):
        event.listen(AppSession, "after_commit", wake_notices)
        event.listen(AppSession, "after_rollback", forget_notices)
