"""Something to watch: /healthz (the process answers) and /readyz (what it depends on), for load balancers and
monitoring."""

from flask import Blueprint

bp = Blueprint("health", __name__)


def init_app(app):
    from app.health import routes  # noqa: F401  (registers the views on bp)

    app.register_blueprint(bp)
