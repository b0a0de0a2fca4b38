"""The backup commands."""

import json
import os

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade as db_upgrade

from app.backup import services


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False), required=False)
@click.option("--into", "folder", type=click.Path(file_okay=False),
              help="Write DIR/hashvetu-<UTC time>.backup instead of PATH (for a nightly job).")
@click.option("--keep-days", type=click.IntRange(min=1), default=None,
              help="With --into: afterwards remove the backups in DIR older than this many days.")
@click.option("--uploads/--no-uploads", default=True, show_default=True,
              help="Also copy the uploads folder to PATH.uploads/ (after the database).")
@click.option("--verify/--no-verify", default=True, show_default=True,
              help="PostgreSQL: restore the dump into a scratch database and count its rows (needs CREATEDB).")
@click.option("--keys/--no-keys", default=True, show_default=True,
              help="Write SECRET_KEY (and other keys stored data depends on) to PATH.keys, mode 0600.")
@with_appcontext
def backup_command(path, folder, keep_days, uploads, verify, keys):
    """Copy the live database to PATH while the site keeps serving (SQLite backup API; pg_dump for PostgreSQL).

    The copy is private to the service user (files 0600, folders 0700). It holds the site's keys (PATH.keys):
    guard it like /etc/hashvetu/hashvetu.env.
    """
    if bool(path) == bool(folder):
        raise click.UsageError("Give either PATH or --into DIR.")
    if keep_days and not folder:
        raise click.UsageError("--keep-days needs --into DIR.")
    if folder:
        path = services.dated_path(folder)
    try:
        check = services.backup(path, verify=verify)
    except services.BackupError as error:
        raise click.ClickException(str(error)) from error
    if uploads:
        services.copy_uploads(current_app.config["UPLOAD_FOLDER"], path + ".uploads")
    if keys:
        services.write_keys(path)
    services.make_private(path)
    if check and not check["ok"]:
        raise click.ClickException(f"the copy fails the integrity check: {check['problems']}")
    click.echo(f"Backup written to {path}" + (f": {json.dumps(check['counts'])}" if check else ""))
    if keep_days:
        for removed in services.prune(folder, keep_days, keep=path):
            click.echo(f"Removed the backup {removed} (older than {keep_days} days)")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--upgrade", is_flag=True, help="Run `db upgrade` afterwards when the backup's schema is older.")
@with_appcontext
def restore_command(path, upgrade):
    """Load a backup into the configured database, which must be empty (a fresh instance); then check it and say
    whether its schema matches this code."""
    try:
        services.restore(path)
    except services.BackupError as error:
        raise click.ClickException(str(error)) from error
    if os.path.isdir(path + ".uploads"):
        services.copy_uploads(path + ".uploads", current_app.config["UPLOAD_FOLDER"])
    state, revision, heads = services.schema_state()
    if state == "behind" and upgrade:
        db_upgrade()
        click.echo(f"Upgraded the schema from {revision} to {', '.join(heads)}.")
    elif state == "behind":
        click.echo(f"The backup's schema ({revision}) is older than this code's ({', '.join(heads)}): run "
                   "`flask db upgrade` (or restore with --upgrade) before starting the site.", err=True)
    elif state == "newer":
        raise click.ClickException(f"The backup comes from newer code (schema {revision} is unknown here): deploy "
                                   "that release or a later one, then restore again into an empty database.")
    for name in services.keys_that_differ(path):
        click.echo(f"{name} differs from the one in {path}.keys: set it from that file, or sessions and stored "
                   "keyed hashes will not match.", err=True)
    check = services.integrity_check()
    _report(check)
    if not check.ok:
        raise click.ClickException("the restored database fails the integrity check")


@click.command("integrity-check")
@with_appcontext
def integrity_command():
    """Check the database (and that no stored file is orphaned); print the row counts as JSON."""
    check = services.integrity_check()
    _report(check)
    if not check.ok:
        raise SystemExit(1)


def _report(check):
    shown = check.problems[:20] + ([f"... and {len(check.problems) - 20} more"] if len(check.problems) > 20 else [])
    click.echo(json.dumps({"ok": check.ok, "problems": shown, "counts": check.counts}))
