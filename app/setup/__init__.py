"""First run: set up this instance's own community (`flask init-community`, or the /setup screen with a token)."""

from flask import Blueprint

bp = Blueprint("setup", __name__)


def init_app(app):
    """Send the first visitor of an instance without a community to the setup screen instead of an empty site."""
    from app.setup import cli, routes

    app.register_blueprint(bp)
    app.cli.add_command(cli.init_community)
    app.cli.add_command(cli.setup_token)
    app.before_request(routes.redirect_home_to_setup)
