"""Personal data kept only as long as needed (Armenia's Law on Protection of Personal Data, 2015).

Applicants' personal data is anonymised a set time after their appeal is closed (an admin setting, five years by
default), and at their own request; what the municipality did (status, dates, answer, ratings) stays, so every
figure stays the same. Residents can download what is held about them.
"""

from flask import Blueprint

bp = Blueprint("retention", __name__)


def init_app(app):
    from app.retention.cli import anonymise_expired_command
    from app.retention.services import retention_years

    app.cli.add_command(anonymise_expired_command)
    # The forms' privacy notices (templates/_macros/privacy.html) say how long data is kept.
    app.jinja_env.globals["retention_years"] = retention_years
