"""The test harness: a migrated database per run, a rolled-back transaction per test, the app's test client.

Factories and helpers live by area in tests/fixtures/ and are loaded here as plugins."""

import os
import re
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from flask_migrate import upgrade
from flask_sqlalchemy.session import _app_ctx_id
from jinja2 import StrictUndefined
from sqlalchemy import orm

from app import create_app
from app.database import AppSession
from app.extensions import db, limiter

pytest_plugins = ["tests.fixtures.world", "tests.fixtures.accounts", "tests.fixtures.appeals"]

TEST_SCHEMA = "hashvetu_test"

# The gunicorn servers the tests start (bench, resilience, flood, scale-out) inherit this: on a busy machine a worker
# may take longer than production's 30 s to answer, and being replaced then would cut its answer off; the tests
# check answers, never speed.
os.environ.setdefault("GUNICORN_TIMEOUT", "600")


def database_url():
    """The database under test: TEST_DATABASE_URL, else a SQLite file in pytest's temporary folder."""
    return os.environ.get("TEST_DATABASE_URL") or ""


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _drop_schema(url, schema):
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()


def prepare_database(url, tmp_path, schema):
    """Return app config for a fresh, empty database (a new SQLite file, or a new PostgreSQL schema).

    PostgreSQL schemas carry this process's id, so two test runs on one server (a developer's and CI's, or two
    developers') never drop each other's tables; schemas left by runs that died are removed here.
    """
    if not url:
        return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / (schema + '.sqlite3')}"}
    import atexit

    from app.config import normalize_database_url

    url = normalize_database_url(url)
    schema = f"{schema}_{os.getpid()}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        existing = conn.execute(sa.text(
            "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'hashvetu\\_%'")).scalars()
        for name in existing:
            pid = name.rsplit("_", 1)[-1]
            if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
                conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    atexit.register(_drop_schema, url, schema)
    return {
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "connect_args": {"options": f"-csearch_path={schema}"}},
    }


def make_app(tmp_path, schema, **overrides):
    config = prepare_database(database_url(), tmp_path, schema)
    config.update(
        TESTING=True,
        SECRET_KEY="test-secret-key-not-for-production",
        UPLOAD_FOLDER=str(tmp_path / f"{schema}-uploads"),
        RATELIMIT_STORAGE_URI="memory://",
        PUBLIC_URL="http://localhost",  # the test client's host: links in e-mails and feeds point back at it
    )
    config.update(overrides)
    application = create_app(config)
    application.jinja_env.undefined = StrictUndefined
    with application.app_context():
        upgrade()
    return application


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    application = make_app(tmp_path_factory.mktemp("db"), TEST_SCHEMA)
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def _connection(app):
    """Run each test inside one outer transaction that is rolled back, so tests never see each other's rows.

    The app's requests and the test's factories use separate sessions on that one connection, each
    commit becoming a savepoint. No application context stays pushed during the test, so every
    request starts with a fresh `g`, as in production.
    """
    with app.app_context():
        connection = db.engine.connect()
    outer = connection.begin()
    original = db.session
    # AppSession: the application's listeners (tally, search, data version, outbox) attach to that class.
    factory = orm.sessionmaker(bind=connection, class_=AppSession, join_transaction_mode="create_savepoint")
    db.session = orm.scoped_session(factory, scopefunc=_app_ctx_id)
    app.extensions["data_version_connection"] = connection  # the page cache reads the data version there too
    try:
        yield connection
    finally:
        # Each request's session was removed when its app context ended.
        db.session = original
        app.extensions.pop("data_version_connection", None)
        outer.rollback()
        connection.close()


@pytest.fixture
def session(_connection):
    """The test's own session, on the same connection and transaction as the app's requests."""
    test_session = AppSession(bind=_connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    yield test_session
    test_session.close()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Start every test with no rate-limit hits: one limiter (and its storage) serves every test app."""
    yield
    if limiter.initialized:
        limiter.reset()


class FlushingClient(FlaskClient):
    """A test client that flushes the test's pending rows before each request, so the app sees them."""

    test_session = None

    def open(self, *args, **kwargs):
        if self.test_session is not None:
            self.test_session.flush()
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app, session):
    app.test_client_class = FlushingClient
    test_client = app.test_client()
    test_client.test_session = session
    return test_client


class QueryCounter:
    def __init__(self):
        self.statements = []

    def __len__(self):
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """Count the SQL statements run inside a `with count_queries() as counter:` block."""

    @contextmanager
    def counting():
        counter = QueryCounter()

        def before(conn, cursor, statement, *args):
            if not re.match(r"\s*(SAVEPOINT|RELEASE|ROLLBACK|BEGIN|PRAGMA)", statement, re.I):
                counter.statements.append(statement)

        with app.app_context():
            engine = db.engine
        sa.event.listen(engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            sa.event.remove(engine, "before_cursor_execute", before)

    return counting
