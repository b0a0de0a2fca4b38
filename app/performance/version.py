"""Bump the data version in every committing transaction that wrote something through the session.

There are two versions, each one row of data_version:

- ALL (id 1) changes with every write;
- CONTENT (id 2) changes with every write except one that touches only APPEAL_SIDE tables (appeals, their
  handling, staff accounts and settings), which the public content pages (home, schedule, actions,
  institutions, settlements, program and their calendars) never read.

So the page cache keeps those pages while appeals arrive and move through the inbox (at a national scale,
several a minute), and drops them as soon as anything they show changes. Pages that do read appeals
(accountability, proposals, the API...) follow ALL. tests/test_performance.py checks that the content pages
render the same bytes before and after a whole appeal lifecycle, so a page that starts reading appeals cannot be
left in CONTENT_ENDPOINTS unnoticed.

The tokens are random rather than counters, so a database restored from a backup never reuses a token that once
named other data. Writes made outside the session (raw engine connections, other programs) must call bump().
"""

import secrets

from sqlalchemy import event, select
from sqlalchemy.dialects import postgresql, sqlite

from app.database import AppSession
from app.extensions import db
from app.performance.models import DataVersion

ALL, CONTENT = 1, 2
# Tables no content page reads: appeals and what their handling writes, staff accounts and settings (see above).
# A table missing here only costs cache hits; one wrongly here would leave a page stale, which the test catches.
APPEAL_SIDE_TABLES = frozenset({
    "appeal", "appeal_event", "appeal_attachment", "appeal_link_token", "appeal_sequence", "appeal_month_tally",
    "outbox_message",
    "audit_entry", "resident_sign_in_token", "proposal_support", "deadline_digest", "deadline_rule",
    "answer_template", "password_reset_token", "user", "role_grant", "staff_session", "embed_setting", "comment_flag",
    "search_entry", "data_version", "audit_checkpoint", "login_throttle",
})
_WROTE = "performance_wrote"  # session.info: the set of tables written in this transaction


def current_token(scope: int = ALL) -> str:
    """The data version the current transaction sees ("" before the first write ever)."""
    return db.session.scalar(select(DataVersion.token).where(DataVersion.id == scope)) or ""


_SNAPSHOT = ("SELECT (SELECT token FROM data_version WHERE id = 1), (SELECT token FROM data_version WHERE id = 2), "
             "(SELECT timezone FROM community ORDER BY id LIMIT 1)")


def read_snapshot(app) -> tuple[str, str, str | None]:
    """(ALL version, CONTENT version, community time zone) in one light statement on a pooled driver connection,
    skipping the ORM: what the page cache's middleware checks before answering from the cache.

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
    if not row:
        return "", "", None
    return row[0] or "", row[1] or "", row[2]


def bump(session=None, content: bool = True):
    """Give the data a new version inside the caller's transaction (atomic upserts): ALL always, CONTENT unless
    the caller knows that only appeal-side tables changed."""
    session = session or db.session
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    for scope in (ALL, CONTENT) if content else (ALL,):
        token = secrets.token_hex(8)
        stmt = insert(DataVersion).values(id=scope, token=token).on_conflict_do_update(
            index_elements=[DataVersion.id], set_={"token": token})
        session.execute(stmt)
    session.info.pop(_WROTE, None)  # our own statements must not flag the session again


def _wrote(session, *tables):
    session.info.setdefault(_WROTE, set()).update(tables)


def _table_of(obj) -> str:
    return getattr(type(obj), "__tablename__", "") or "?"


def _before_flush(session, _flush_context, _instances):
    for group in (session.new, session.dirty, session.deleted):
        if group:
            _wrote(session, *{_table_of(obj) for obj in group})


def _do_orm_execute(state):
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        _wrote(state.session, getattr(table, "name", None) or "?")


def _before_commit(session):
    if session.new or session.dirty or session.deleted:
        session.flush()
    wrote = session.info.get(_WROTE)
    if wrote:
        bump(session, content=not wrote <= APPEAL_SIDE_TABLES)


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
    event.listen(AppSession, "before_flush", _before_flush)
    event.listen(AppSession, "do_orm_execute", _do_orm_execute)
    event.listen(AppSession, "before_commit", _before_commit)
    event.listen(AppSession, "after_commit", _after_end)
    event.listen(AppSession, "after_rollback", _after_end)
    _connected = True
