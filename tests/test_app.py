"""The application as a whole: configuration, security headers, error pages, the database and its migrations."""

import json
import os
import re
import threading

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app import create_app
from app.extensions import db


def test_migration_head_matches_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), db.metadata)
    assert diff == []


@pytest.mark.parametrize("path", ["/", "/schedule", "/program", "/no-such-page", "/static/css/app.css"])
def test_every_response_carries_the_security_headers(client, world, path):
    response = client.get(path)
    response.close()
    csp = response.headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
                      "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_scripts_or_styles(client, world, make_action, today):
    action = make_action(institution=world.school, start=today)
    for path in ("/", "/schedule", "/schedule?view=calendar", "/program", f"/actions/{action.id}",
                 "/institutions/music-school", "/settlements/gosh"):
        html = client.get(path).get_data(as_text=True)
        assert "<style" not in html and " style=" not in html
        for tag in html.split("<script")[1:]:
            attributes = tag.split(">", 1)[0].strip()
            if attributes == 'type="application/ld+json"':
                # schema.org data for link previews: a data block browsers never run (and the CSP forbids running).
                json.loads(tag.split(">", 1)[1].split("</script>", 1)[0])
                continue
            assert attributes.startswith("src="), f"inline script on {path}"
        assert " onclick=" not in html


def test_htmx_is_vendored_and_configured_for_the_strict_csp(client, world):
    html = client.get("/").get_data(as_text=True)
    # Linked under a content-hashed name (cached for a year); the plain name is served too.
    assert re.search(r'src="/static/js/htmx-2\.0\.11\.min\.[0-9a-f]{10}\.js"', html)
    assert '"allowEval":false' in html and '"includeIndicatorStyles":false' in html
    assert '"historyCacheSize":0' in html
    with client.get("/static/js/htmx-2.0.11.min.js") as response:
        assert response.status_code == 200


def test_frame_ancestors_come_from_settings(tmp_path):
    application = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}", "SECRET_KEY": "x",
                              "FRAME_ANCESTORS": "https://www.dilijan.am"})
    response = application.test_client().get("/static/css/app.css")
    response.close()
    assert "frame-ancestors https://www.dilijan.am" in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers


def test_configuration_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://someone@db.example/hashvetu")
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    application = create_app()
    assert application.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://someone@db.example/hashvetu"
    assert application.config["SECRET_KEY"] == "from-the-environment"


def test_without_a_configured_secret_a_random_one_is_kept_in_instance(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    from flask import Flask

    from app import config as config_module

    first, second = Flask("a", instance_path=str(tmp_path)), Flask("b", instance_path=str(tmp_path))
    config_module.load(first)
    config_module.load(second)
    assert len(first.config["SECRET_KEY"]) == 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert first.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'hashvetu.sqlite3'}"


@pytest.mark.parametrize("lang, title",
                         [("hy", "Էջը չի գտնվել"), ("en", "Page not found"), ("ru", "Страница не найдена")])
def test_not_found_page_is_translated(client, world, lang, title):
    response = client.get(f"/nowhere?lang={lang}")
    assert response.status_code == 404
    assert title in response.get_data(as_text=True)


@pytest.mark.parametrize("with_database", [True, False])
def test_server_error_page_is_translated_and_hides_details(tmp_path, with_database):
    application = sqlite_app(tmp_path)
    if with_database:
        with application.app_context():
            db.create_all()

    @application.get("/__boom")
    def boom():
        raise RuntimeError("secret internals")

    response = application.test_client().get("/__boom?lang=en")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Something went wrong" in body and "secret internals" not in body
    with application.app_context():
        db.engine.dispose()


# --- SQLite: pragmas and write transactions -------------------------------------------------------------------

def sqlite_app(tmp_path):
    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'c.sqlite3'}", "SECRET_KEY": "x",
                       "SQLITE_BUSY_TIMEOUT_MS": 10000, "PROPAGATE_EXCEPTIONS": False})


def test_sqlite_connections_use_wal_foreign_keys_full_sync_and_a_busy_timeout(tmp_path):
    application = sqlite_app(tmp_path)
    with application.app_context(), db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000


def test_concurrent_read_then_write_requests_wait_instead_of_failing(tmp_path):
    """Two requests that each read and then write at the same time both succeed on SQLite.

    With a deferred BEGIN the second writer would fail at once with "database is locked"; BEGIN
    IMMEDIATE makes it wait for the first one instead.
    """
    application = sqlite_app(tmp_path)
    with application.app_context():
        with db.engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE counter (n INTEGER)")
            conn.exec_driver_sql("INSERT INTO counter VALUES (0)")

    both_read = threading.Barrier(2, timeout=5)

    @application.post("/__increment")
    def increment():
        n = db.session.execute(sa.text("SELECT n FROM counter")).scalar()
        try:
            both_read.wait(timeout=0.5)  # with deferred BEGINs both would now hold read locks
        except threading.BrokenBarrierError:
            pass
        db.session.execute(sa.text("UPDATE counter SET n = :n"), {"n": n + 1})
        db.session.commit()
        return "ok"

    application.config["WTF_CSRF_ENABLED"] = False
    results = []

    def post():
        results.append(application.test_client().post("/__increment").status_code)

    threads = [threading.Thread(target=post) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200, 200]
    with application.app_context():
        # No lost update either: the second writer read after the first committed.
        assert db.session.execute(sa.text("SELECT n FROM counter")).scalar() == 2
        db.engine.dispose()


def test_migrations_upgrade_a_database_that_already_has_data(tmp_path):
    """Upgrading from the first schema to the head keeps every row (tables referenced by others included)."""
    from flask_migrate import upgrade

    from tests.conftest import prepare_database

    config = prepare_database(os.environ.get("TEST_DATABASE_URL", ""), tmp_path, "hashvetu_upgrade")
    config.update(SECRET_KEY="x", UPLOAD_FOLDER=str(tmp_path / "up"))
    application = create_app(config)
    with application.app_context():
        upgrade(revision="e4e592849c09")
        with db.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO settlement (id, slug, name_hy, is_centre, position) "
                                 "VALUES (1, 'gosh', 'Գոշ', false, 0)"))
            conn.execute(sa.text("INSERT INTO institution (id, slug, kind, settlement_id, name_hy) "
                                 "VALUES (1, 'club', 'culture_house', 1, 'Ակումբ')"))
            conn.execute(sa.text(
                "INSERT INTO action (id, institution_id, settlement_id, title_hy, start_date, end_date, "
                "budget_planned, funding_source, status, created_dt, updated_dt) VALUES (1, 1, 1, 'Տոն', "
                "'2026-03-01', '2026-03-01', 1000, 'community_budget', 'done', '2026-01-01 00:00:00+00:00', "
                "'2026-01-01 00:00:00+00:00')"))
            conn.execute(sa.text("INSERT INTO report (id, action_id, report_date, body_hy, actual_spent, created_dt) "
                                 "VALUES (1, 1, '2026-03-02', 'Եղավ', 900, '2026-03-02 00:00:00+00:00')"))
        upgrade()
        with db.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT title_hy, published, revision FROM action")).one() == ("Տոն", True, 1)
            assert conn.execute(sa.text("SELECT actual_spent, published FROM report")).one() == (900, True)
            assert not conn.execute(sa.text("SELECT requires_review FROM institution")).scalar()
        db.engine.dispose()
