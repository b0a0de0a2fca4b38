"""Engine and session set-up that the models do not see: SQLite pragmas, write-lock-first transactions, and the
application's session class."""

import contextvars
from contextlib import contextmanager

from flask import has_request_context, request
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event, orm

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class AppSession(orm.Session):
    """The session class of this application: the listeners that keep derived data in step (the dashboard's tally,
    the search index, the data version, the outbox's wake-up) attach to it in their package's init_app, never to
    SQLAlchemy's global Session, so another program's sessions in the same process are left alone. A session made
    directly on a connection (the tests' harness) is an AppSession too."""


class FlaskAppSession(FlaskSession, AppSession):
    """db.session's class: Flask-SQLAlchemy's choice of engine, with the application's listeners."""
_write_intent = contextvars.ContextVar("write_intent", default=False)


@contextmanager
def write_intent():
    """Mark transactions begun inside this block as writes (used by CLI commands)."""
    token = _write_intent.set(True)
    try:
        yield
    finally:
        _write_intent.reset(token)


def _wants_write():
    if _write_intent.get():
        return True
    return has_request_context() and request.method not in _SAFE_METHODS


def configure_sqlite(engine, busy_timeout_ms):
    """Turn on WAL, a busy timeout, foreign keys and FULL sync, and begin writes with BEGIN IMMEDIATE.

    pysqlite's own transaction handling issues a deferred BEGIN; a request that reads and then writes
    would then fail at once with "database is locked" when another writer holds the lock, because
    SQLite cannot upgrade a read transaction while waiting. Taking the write lock up front makes the
    busy timeout apply, so concurrent writers queue instead of failing. Reads stay deferred and, with
    WAL, never wait for writers.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _wants_write() else "BEGIN")
