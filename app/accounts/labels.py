"""Translated names of the roles."""

from flask_babel import lazy_gettext as _l

from app.accounts.models import Role

ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    # Translators: municipal staff who handle residents' appeals.
    Role.OFFICER: _l("Appeals officer"),
    # Translators: the staff member who posts one institution's plans, schedule and reports.
    Role.EDITOR: _l("Institution editor"),
    # Translators: a council member or NGO monitor who reads the internal dashboard.
    Role.VIEWER: _l("Dashboard viewer"),
}
