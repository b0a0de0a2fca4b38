"""Bump the data version in every committing transaction that wrote something through the session.

The token is random rather than a counter, so a database restored from a backup never reuses a token that once
named other data. Writes made outside the session (raw engine connections, other programs) must call bump().
"""

import secrets

from sqlalchemy import event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.extensions import db
from app.performance.models import DataVersion

_WROTE = "performance_wrote"


def current_token() -> str:
    """The data version the current transaction sees ("" before the first write ever)."""
    return db.session.scalar(select(DataVersion.token).where(DataVersion.id == 1)) or ""


_SNAPSHOT = ("SELECT (SELECT token FROM data_version WHERE id = 1), "
             "(SELECT timezone FROM community ORDER BY id LIMIT 1)")


def snapshot() -> tuple[str, str | None]:
    """(data version, community time zone) in one light query: what a cached page's key needs from the database.

    Run straight on the driver cursor of the request's own connection (the same transaction the page would be
    read in), skipping the ORM's statement machinery: a page answered from the cache costs one statement.
    """
    cursor = db.session.connection().connection.dbapi_connection.cursor()
    try:
        cursor.execute(_SNAPSHOT)
        row = cursor.fetchone()
    finally:
        cursor.close()
    return (row[0] or "") if row else "", row[1] if row else None


def read_snapshot(app) -> tuple[str, str | None]:
    """snapshot() outside any request: on a pooled driver connection, for the page cache's middleware.

    Tests bind all of the app's database work to one connection (app.extensions["data_version_connection"]), so
    that the middleware sees the rows of the test's open transaction like the views do.
    """
    bound = app.extensions.get("data_version_connection")
    if bound is not None:
        connection, pooled = bound.connection.dbapi_connection, None
    else:
        engine = app.extensions.get("data_version_engine")
        if engine is None:
            with app.app_context():
                engine = app.extensions["data_version_engine"] = db.engine
        pooled = engine.raw_connection()
        connection = pooled.dbapi_connection
    try:
        cursor = connection.cursor()
        try:
            cursor.execute(_SNAPSHOT)
            row = cursor.fetchone()
        finally:
            cursor.close()
    finally:
        if pooled is not None:
            pooled.close()
    return (row[0] or "") if row else "", row[1] if row else None


def bump(session=None):
    """Give the data a new version inside the caller's transaction (one atomic upsert)."""
    session = session or db.session
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    token = secrets.token_hex(8)
    stmt = insert(DataVersion).values(id=1, token=token).on_conflict_do_update(
        index_elements=[DataVersion.id], set_={"token": token})
    session.info[_WROTE] = False  # our own statement must not flag the session again
    session.execute(stmt)
    session.info[_WROTE] = False


def _before_flush(session, _flush_context, _instances):
    if session.new or session.dirty or session.deleted:
        session.info[_WROTE] = True


def _do_orm_execute(state):
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


def _before_commit(session):
    if session.new or session.dirty or session.deleted:
        session.flush()
    if session.info.get(_WROTE):
        bump(session)


def _after_end(session, *_args):
    session.info.pop(_WROTE, None)


_connected = False


def build_id(app) -> str:
    """A hash of the code and templates, so a deploy never answers 304 for a page the old code rendered."""
    import hashlib
    import os

    digest = hashlib.blake2b(digest_size=8)
    base = os.path.dirname(app.root_path)
    for top in (app.root_path, os.path.join(base, "templates"), app.static_folder):
        for root, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
            for name in sorted(files):
                if name.endswith((".py", ".html", ".mo", ".css", ".js", ".svg")):
                    with open(os.path.join(root, name), "rb") as fh:
                        digest.update(name.encode() + fh.read())
    return digest.hexdigest()


def init_app(app):
    global _connected
    app.config.setdefault("PERFORMANCE_BUILD_ID", build_id(app))
    if _connected:
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "do_orm_execute", _do_orm_execute)
    event.listen(Session, "before_commit", _before_commit)
    event.listen(Session, "after_commit", _after_end)
    event.listen(Session, "after_rollback", _after_end)
    _connected = True
