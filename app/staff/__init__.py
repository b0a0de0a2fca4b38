"""The editor's workspace: one institution's profile, plan, actions and reports."""

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")
