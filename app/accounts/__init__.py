"""Staff accounts and roles: login, sessions, passwords, password reset, and the admin's user screens."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)


@bp.record_once
def _labels(state):
    from app.accounts.labels import ROLE_LABELS

    state.app.jinja_env.globals.update(ROLE_LABELS=ROLE_LABELS)


from app.accounts import routes  # noqa: E402,F401
