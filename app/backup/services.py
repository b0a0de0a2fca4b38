"""Online backups (SQLite's backup API, pg_dump for PostgreSQL), restores, and the integrity check run after both."""

import json
import os
import re
import shutil
import sqlite3
import subprocess
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from app.extensions import db

# Tables whose row counts a backup and its restore must agree on.
COUNTED = ("community", "settlement", "institution", "action", "report", "report_photo", "report_document",
           "appeal", "appeal_event", "appeal_attachment", "outbox_message", "audit_entry", "version", "user")


class BackupError(Exception):
    pass


def _url():
    return db.engine.url


def _libpq(url) -> tuple[str, list[str]]:
    """A libpq URL for pg_dump/pg_restore, and the schema option when the app uses a search_path."""
    plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
    options = (current_app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {}).get("connect_args", {}).get("options", "")
    schemas = [part.split("=", 1)[1] for part in options.split() if part.startswith("-csearch_path=")]
    return plain, schemas


def backup(path: str, verify: bool = True) -> dict:
    """Copy the live database to `path` without stopping the site; return the copy's check and counts.

    SQLite copies are checked in place; PostgreSQL dumps are restored into a scratch database (`verify`).
    """
    url = _url()
    os.makedirs(os.path.dirname(os.path.abspath(path)) or ".", exist_ok=True)
    if url.get_backend_name() == "sqlite":
        tmp = path + ".part"
        if os.path.exists(tmp):
            os.remove(tmp)
        source = sqlite3.connect(url.database, timeout=30)
        target = sqlite3.connect(tmp)
        try:
            # Pages are copied in steps; writers are not blocked for the whole copy.
            source.backup(target, pages=1024)
        finally:
            target.close()
            source.close()
        os.replace(tmp, path)
        return check_sqlite_file(path)
    if url.get_backend_name() == "postgresql":
        plain, schemas = _libpq(url)
        cmd = ["pg_dump", "--format=custom", "--no-owner", "--file", path, plain]
        for schema in schemas:
            cmd += ["--schema", schema]
        # An argument list without a shell; pg_dump is the one on PATH, as the operator installed it.
        run = subprocess.run(cmd, capture_output=True, text=True)  # noqa: S603
        if run.returncode:
            raise BackupError(run.stderr.strip())
        return verify_pg_dump(path, url, schemas) if verify else {}
    raise BackupError(f"no backup method for {url.get_backend_name()}")


def verify_pg_dump(path: str, url, schemas) -> dict:
    """Restore a fresh dump into a scratch database on the same server, count its rows there, and drop it.

    A dump that pg_restore cannot load fails here, the night it was taken, not on the day it is needed. The
    database role needs CREATEDB (docs/deploy.md creates it so).
    """
    scratch = f"hashvetu_verify_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{scratch}"')
    except SQLAlchemyError as error:
        admin.dispose()
        raise BackupError(f"the dump was written but could not be verified: no scratch database ({error.orig}); "
                          "give the database role CREATEDB, or pass --no-verify") from error
    target = url.set(database=scratch)
    try:
        plain = target.set(drivername="postgresql").render_as_string(hide_password=False)
        run = subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "--dbname", plain, path],  # noqa: S603, S607
                             capture_output=True, text=True, check=False)
        if run.returncode:
            raise BackupError(f"the dump does not restore: {run.stderr.strip()}")
        engine = create_engine(target, poolclass=NullPool,
                               connect_args={"options": f"-csearch_path={schemas[0]}"} if schemas else {})
        try:
            with engine.connect() as conn:
                tables = set(inspect(conn).get_table_names())
                problems = [] if "alembic_version" in tables else ["the restored dump has no alembic_version"]
                counts = _counts(conn, tables)
        finally:
            engine.dispose()
        return {"ok": not problems, "problems": problems, "counts": counts}
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        admin.dispose()


def restore(path: str):
    """Load a backup into the configured database, which must hold no tables yet (a fresh instance)."""
    url = _url()
    if inspect(db.engine).get_table_names():
        raise BackupError("the target database is not empty; restore only into a fresh instance")
    if url.get_backend_name() == "sqlite":
        db.engine.dispose()
        check = check_sqlite_file(path)
        if not check["ok"]:
            raise BackupError(f"the backup fails the integrity check: {check['problems']}")
        source = sqlite3.connect(path)
        target = sqlite3.connect(url.database)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return
    if url.get_backend_name() == "postgresql":
        plain, schemas = _libpq(url)
        run = subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "--dbname", plain, path],  # noqa: S603, S607
                             capture_output=True, text=True)
        if run.returncode:
            raise BackupError(run.stderr.strip())
        return
    raise BackupError(f"no restore method for {url.get_backend_name()}")


@dataclass
class Check:
    ok: bool
    problems: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)


def _counts(conn, tables) -> dict:
    # Table names come from COUNTED, never from input.
    return {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar() for t in COUNTED if t in tables}  # noqa: S608


def check_sqlite_file(path: str) -> dict:
    conn = sqlite3.connect(path)
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"foreign key: {r}" for r in conn.execute("PRAGMA foreign_key_check")]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]  # noqa: S608 - names from COUNTED
                  for t in COUNTED if t in tables}
    finally:
        conn.close()
    return {"ok": not problems, "problems": problems, "counts": counts}


def integrity_check() -> Check:
    """The database's own check (SQLite: integrity_check and foreign_key_check), stored files, and row counts."""
    problems = []
    tables = set(inspect(db.engine).get_table_names())
    with db.engine.connect() as conn:
        if db.engine.dialect.name == "sqlite":
            problems += [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check") if r[0] != "ok"]
            problems += [f"foreign key: {tuple(r)}" for r in conn.exec_driver_sql("PRAGMA foreign_key_check")]
        counts = _counts(conn, tables)
        orphans = orphaned_files(conn, tables)
        missing = missing_files(conn, tables)
    problems += [f"orphaned file: {name}" for name in orphans]
    problems += [f"missing file: {name}" for name in missing]
    return Check(not problems, problems, counts)


def _referenced_files(conn, tables) -> set[str]:
    """Names of the stored files that rows refer to: photos and thumbnails, documents, attachments, the logo."""
    known = set()
    queries = {"report_photo": ("file_name", "thumb_name"), "report_document": ("file_name",),
               "appeal_attachment": ("file_name", "thumb_name")}
    for table, columns in queries.items():
        if table in tables:
            for column in columns:
                # Names from the dictionary above, never from input.
                known |= {r[0] for r in conn.execute(text(f'SELECT {column} FROM "{table}"')) if r[0]}  # noqa: S608
    if "community" in tables:  # the logo and its thumbnail, which is named after it
        for (logo,) in conn.execute(text("SELECT logo_path FROM community WHERE logo_path IS NOT NULL")):
            known |= {logo, logo.removesuffix(".jpg") + "-t.jpg"}
    return known


def _file_path(name: str) -> str:
    kind = "photos" if name.endswith(".jpg") else "documents"
    return os.path.join(current_app.config["UPLOAD_FOLDER"], kind, name)


def orphaned_files(conn, tables) -> list[str]:
    """Stored uploads that no row refers to (a write that died between the file and its row leaves one)."""
    folder = current_app.config["UPLOAD_FOLDER"]
    on_disk = set()
    for kind in ("photos", "documents"):
        path = os.path.join(folder, kind)
        if os.path.isdir(path):
            on_disk |= {n for n in os.listdir(path) if not n.startswith(".")}
    if not on_disk:
        return []
    return sorted(on_disk - _referenced_files(conn, tables))


def missing_files(conn, tables) -> list[str]:
    """Files that rows refer to but that are not on disk (deleted by hand, or uploads not restored)."""
    return sorted(name for name in _referenced_files(conn, tables) if not os.path.isfile(_file_path(name)))


# Keys that data in the database depends on: sessions and signed links, and the keyed hashes stored for supports.
# A restore with other keys keeps every row but those hashes no longer match (an address could support twice).
KEY_SETTINGS = ("SECRET_KEY", "AUDIT_KEY", "AUDIT_HMAC_KEY")


def write_keys(path: str) -> str:
    """PATH.keys: the keys as JSON, readable by the service user only, beside the database copy."""
    keys = {name: current_app.config[name] for name in KEY_SETTINGS if current_app.config.get(name)}
    target = path + ".keys"
    if os.path.exists(target):
        os.remove(target)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(keys, fh)
    return target


def keys_that_differ(path: str) -> list[str]:
    """Names of the keys in PATH.keys that differ from this instance's configuration (none if no file)."""
    try:
        with open(path + ".keys", encoding="utf-8") as fh:
            saved = json.load(fh)
    except FileNotFoundError:
        return []
    return sorted(name for name, value in saved.items() if current_app.config.get(name) != value)


def schema_state() -> tuple[str, str | None, tuple]:
    """('current' | 'behind' | 'newer' | 'none', the database's revision, this code's heads)."""
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    script = ScriptDirectory(current_app.extensions["migrate"].directory)
    heads = tuple(script.get_heads())
    with db.engine.connect() as conn:
        if "alembic_version" not in inspect(conn).get_table_names():
            return "none", None, heads
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if revision in heads:
        return "current", revision, heads
    try:
        known = script.get_revision(revision) is not None
    except CommandError:
        known = False
    return ("behind" if known else "newer"), revision, heads


BACKUP_NAME = re.compile(r"^hashvetu-(\d{8}T\d{6}Z)\.backup$")


def dated_path(folder: str) -> str:
    """DIR/hashvetu-20261201T023000Z.backup: sorts by time, and `prune` reads the time back from the name."""
    os.makedirs(folder, mode=0o700, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return os.path.join(folder, f"hashvetu-{stamp}.backup")


def prune(folder: str, keep_days: int, keep: str) -> list[str]:
    """Remove the backup sets (the file, its .uploads/ folder and any other PATH.* beside it) named as older than
    `keep_days` days; never `keep`, the one just written. Returns the removed files' names."""
    limit = datetime.now(UTC) - timedelta(days=keep_days)
    removed = []
    for name in sorted(os.listdir(folder)):
        match = BACKUP_NAME.match(name)
        if not match or os.path.join(folder, name) == keep:
            continue
        taken = datetime.strptime(match[1], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        if taken >= limit:
            continue
        for companion in os.listdir(folder):
            if companion == name or companion.startswith(name + "."):
                target = os.path.join(folder, companion)
                if os.path.isdir(target) and not os.path.islink(target):
                    shutil.rmtree(target)
                else:
                    os.remove(target)
        removed.append(name)
    return removed


def make_private(path: str):
    """Backups hold personal data and password hashes: only the service user may read them."""
    for target in [path, *_companions(path)]:
        if os.path.isdir(target):
            for root, _dirs, files in os.walk(target):
                os.chmod(root, 0o700)
                for name in files:
                    os.chmod(os.path.join(root, name), 0o600)
        elif os.path.exists(target):
            os.chmod(target, 0o600)


def _companions(path: str) -> list[str]:
    folder, base = os.path.split(os.path.abspath(path))
    return [os.path.join(folder, n) for n in os.listdir(folder) if n.startswith(base + ".")]


def copy_uploads(source: str, target: str):
    """Uploads travel beside the database file; copied after the database so no row points at a missing file."""
    if os.path.isdir(source):
        shutil.copytree(source, target, dirs_exist_ok=True)


__all__ = ["BackupError", "backup", "restore", "integrity_check", "check_sqlite_file", "make_url"]
