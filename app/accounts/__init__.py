"""Staff accounts and roles: login, sessions, passwords, password reset, and the admin's user screens."""

from flask import Blueprint

from app.accounts.labels import ROLE_LABELS

bp = Blueprint("accounts", __name__)


def init_app(app):
    """Give every template the roles' names."""
    app.jinja_env.globals.update(ROLE_LABELS=ROLE_LABELS)
