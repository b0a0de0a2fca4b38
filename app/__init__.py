"""Hashvetu: an accountability toolkit for a municipality of several settlements."""

import os

from flask import Flask

from app import config as config_module
from app import errors, formkit, i18n, limits, urls
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
    formkit.init_app(app)  # how every form shows its problems and text limits
    urls.init_app(app)  # links that leave the site are built from PUBLIC_URL
    app.after_request(set_security_headers)
    errors.init_app(app)
    limits.init_app(app)  # the one answer to a request over its rate limit

    _register_blueprints(app)
    _init_packages(app)
    from app import health, setup

    setup.init_app(app)
    health.init_app(app)
    from app import performance

    performance.init_app(app)  # after the blueprints: it marks their public views cacheable
    from app.health import metrics

    metrics.init_app(app)  # its WSGI layer sits outside the page cache's, so answers from the cache are counted
    _register_cli(app)
    _register_context(app)
    from app import logs

    logs.init_app(app)  # last: its WSGI layer sits outside the page cache's, so cached answers carry the id too
    return app


def _migrations_dir(app):
    return os.path.join(os.path.dirname(app.root_path), "migrations")


def _register_blueprints(app):
    """Attach every package's views; the blueprint lives in the package, its views in routes.py."""
    from app.accounts import routes as accounts
    from app.admin import routes as admin
    from app.api import routes as api
    from app.appeals import routes as appeals
    from app.community import routes as community
    from app.dashboard import routes as dashboard
    from app.embeds import routes as embeds
    from app.feeds import routes as feeds
    from app.home import routes as home
    from app.inbox import routes as inbox
    from app.institutions import routes as institutions
    from app.media import routes as media
    from app.open311 import routes as open311
    from app.opendata import routes as opendata
    from app.outbox import routes as outbox
    from app.participation import routes as participation
    from app.posters import routes as posters
    from app.program import routes as program
    from app.residents import routes as residents
    from app.retention import routes as retention
    from app.schedule import routes as schedule
    from app.search import routes as search
    from app.staff import routes as staff
    from app.subscriptions import routes as subscriptions

    for module in (home, schedule, institutions, community, program, media, accounts, outbox, staff, appeals,
                   residents, retention, dashboard, participation, admin, inbox, subscriptions):
        app.register_blueprint(module.bp)
    app.register_blueprint(inbox.rules_bp)
    for module in (opendata, embeds, posters, search, feeds, api, open311):
        app.register_blueprint(module.bp)
    _connect_audit()


def _init_packages(app):
    """The packages' own wiring: template globals and the listeners that keep derived data in step.

    The worker comes first: it builds the task queue (huey) and binds the tasks the domains declare; the outbox
    wakes its sender after each commit that queued a message.
    """
    from app import (
        accounts,
        admin,
        appeals,
        dashboard,
        institutions,
        outbox,
        participation,
        retention,
        schedule,
        search,
        sms,
        subscriptions,
        worker,
    )

    for package in (worker, outbox, accounts, admin, institutions, schedule, dashboard, appeals, participation, search,
                    retention, sms, subscriptions):
        package.init_app(app)


def _connect_audit():
    """Subscribe the audit log to the accounts' events once per process."""
    from app.audit import subscribers

    if not getattr(subscribers, "connected", False):
        subscribers.connect()
        subscribers.connected = True


def _register_cli(app):
    from app.accounts.cli import create_user
    from app.audit.cli import audit_checkpoint, audit_verify
    from app.backup.cli import backup_command, integrity_command, restore_command
    from app.benchdata.cli import bench_data
    from app.dashboard.cli import dashboard_rebuild, dashboard_timing
    from app.demo.cli import run_info, seed_demo
    from app.outbox.cli import send_mail
    from app.reminders.cli import notify_deadlines
    from app.search.cli import search_reindex
    from app.subscriptions.cli import send_digests

    app.cli.add_command(audit_verify)
    app.cli.add_command(audit_checkpoint)
    app.cli.add_command(seed_demo)
    app.cli.add_command(run_info)
    app.cli.add_command(create_user)
    app.cli.add_command(send_mail)
    app.cli.add_command(notify_deadlines)
    app.cli.add_command(send_digests)
    app.cli.add_command(dashboard_timing)
    app.cli.add_command(dashboard_rebuild)
    app.cli.add_command(bench_data)
    app.cli.add_command(search_reindex)
    for command in (backup_command, restore_command, integrity_command):
        app.cli.add_command(command)


def _register_context(app):
    from app.community.queries import get_community, list_settlements

    @app.context_processor
    def community_context():
        return {"community": get_community(), "nav_settlements": list_settlements}
