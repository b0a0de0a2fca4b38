"""The admin screens: settlements, institutions, the development program and the non-working-day calendar."""

from flask import Blueprint

from app.admin.labels import PROGRAM_FIELD_LABELS

bp = Blueprint("admin", __name__, url_prefix="/admin")


def init_app(app):
    """Give every template the program fields' names."""
    # A global, not a context processor: the public program page's history partial uses it too.
    app.jinja_env.globals.update(PROGRAM_FIELD_LABELS=PROGRAM_FIELD_LABELS)
