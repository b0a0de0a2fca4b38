"""Hashvetu: an accountability toolkit for a municipality of several settlements."""

import os

from flask import Flask

from app import config as config_module
from app import errors, i18n, urls
from app.database import configure_sqlite
from app.extensions import babel, csrf, db, limiter, login_manager, migrate
from app.security import set_security_headers


def create_app(config=None):
    """Build the application; `config` overrides everything else (used by tests)."""
    app = Flask(
        __name__,
        # INSTANCE_PATH (absolute) puts the state (secret key, SQLite database, uploads, mail) in a directory the
        # service owns, e.g. /var/lib/hashvetu, apart from the code; default: instance/ beside the code.
        instance_path=os.environ.get("INSTANCE_PATH") or None,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    config_module.load(app, config)

    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            configure_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    migrate.init_app(app, db, directory=_migrations_dir(app), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    from app.accounts import access

    access.init_app(app)  # the staff area is closed by default
    from app.community.queries import community_timezone

    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=community_timezone)
    i18n.init_app(app)
    urls.init_app(app)  # links that leave the site are built from PUBLIC_URL
    app.after_request(set_security_headers)
    errors.init_app(app)

    _register_blueprints(app)
    from app import setup

    setup.init_app(app)
    from app import performance

    performance.init_app(app)  # after the blueprints: it marks their public views cacheable
    _register_cli(app)
    _register_context(app)
    return app


def _migrations_dir(app):
    return os.path.join(os.path.dirname(app.root_path), "migrations")


def _register_blueprints(app):
    from app.accounts import bp as accounts_bp
    from app.appeals import bp as appeals_bp
    from app.admin import bp as admin_bp
    from app.api import bp as api_bp
    from app.community import bp as community_bp
    from app.dashboard import bp as dashboard_bp
    from app.feeds import bp as feeds_bp
    from app.home import bp as home_bp
    from app.inbox import bp as inbox_bp
    from app.inbox import rules_bp as deadline_rules_bp
    from app.institutions import bp as institutions_bp
    from app.media import bp as media_bp
    from app.open311 import bp as open311_bp
    from app.outbox import bp as outbox_bp
    from app.participation import bp as participation_bp
    from app.program import bp as program_bp
    from app.residents import bp as residents_bp
    from app.schedule import bp as schedule_bp
    from app.staff import bp as staff_bp
    from app.opendata import bp as opendata_bp
    from app.embeds import bp as embeds_bp
    from app.posters import bp as posters_bp
    from app.search import bp as search_bp

    for bp in (home_bp, schedule_bp, institutions_bp, community_bp, program_bp, media_bp, accounts_bp, outbox_bp,
               staff_bp, appeals_bp, residents_bp, dashboard_bp,
               participation_bp):
        app.register_blueprint(bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(inbox_bp)
    app.register_blueprint(deadline_rules_bp)
    for bp in (opendata_bp, embeds_bp, posters_bp, search_bp, feeds_bp, api_bp, open311_bp):
        app.register_blueprint(bp)
    _connect_audit()


def _connect_audit():
    """Subscribe the audit log to the accounts' events once per process."""
    from app.audit import subscribers

    if not getattr(subscribers, "connected", False):
        subscribers.connect()
        subscribers.connected = True


def _register_cli(app):
    from app.accounts.cli import create_user
    from app.audit.cli import audit_verify
    from app.dashboard.cli import dashboard_rebuild, dashboard_timing
    from app.backup.cli import backup_command, integrity_command, restore_command
    from app.benchdata.cli import bench_data
    from app.demo.cli import seed_demo
    from app.outbox.cli import send_mail
    from app.reminders.cli import notify_deadlines

    app.cli.add_command(audit_verify)
    app.cli.add_command(seed_demo)
    app.cli.add_command(create_user)
    app.cli.add_command(send_mail)
    app.cli.add_command(notify_deadlines)
    app.cli.add_command(dashboard_timing)
    app.cli.add_command(dashboard_rebuild)
    app.cli.add_command(bench_data)
    for command in (backup_command, restore_command, integrity_command):
        app.cli.add_command(command)


def _register_context(app):
    from app.community.queries import get_community, list_settlements

    @app.context_processor
    def community_context():
        return {"community": get_community(), "nav_settlements": list_settlements}
