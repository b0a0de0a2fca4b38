"""The officers' screens of appeals: the inbox, each appeal's lifecycle, answer templates and deadline rules (their
writes live in app/appeals/services.py)."""

from flask import Blueprint

bp = Blueprint("inbox", __name__, url_prefix="/staff/appeals")
# The per-kind deadline rules are a setting: they live with the other admin screens.
rules_bp = Blueprint("deadline_rules", __name__, url_prefix="/admin/deadlines")
