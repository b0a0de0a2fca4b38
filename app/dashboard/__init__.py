"""The accountability dashboard: appeals, institutions, the program and settlements in figures, for staff at
/staff/dashboard and for everyone at /accountability (the same aggregates, nothing personal)."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__)

from app.dashboard import routes  # noqa: E402,F401
