"""The backup commands."""

import json
import os

import click
from flask import current_app
from flask.cli import with_appcontext

from app.backup import services


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False), required=False)
@click.option("--into", "folder", type=click.Path(file_okay=False),
              help="Write DIR/hashvetu-<UTC time>.backup instead of PATH (for a nightly job).")
@click.option("--keep-days", type=click.IntRange(min=1), default=None,
              help="With --into: afterwards remove the backups in DIR older than this many days.")
@click.option("--uploads/--no-uploads", default=True, show_default=True,
              help="Also copy the uploads folder to PATH.uploads/ (after the database).")
@with_appcontext
def backup_command(path, folder, keep_days, uploads):
    """Copy the live database to PATH while the site keeps serving (SQLite backup API; pg_dump for PostgreSQL).

    The copy is private to the service user (files 0600, folders 0700).
    """
    if bool(path) == bool(folder):
        raise click.UsageError("Give either PATH or --into DIR.")
    if keep_days and not folder:
        raise click.UsageError("--keep-days needs --into DIR.")
    if folder:
        path = services.dated_path(folder)
    try:
        check = services.backup(path)
    except services.BackupError as error:
        raise click.ClickException(str(error)) from error
    if uploads:
        services.copy_uploads(current_app.config["UPLOAD_FOLDER"], path + ".uploads")
    services.make_private(path)
    if check and not check["ok"]:
        raise click.ClickException(f"the copy fails the integrity check: {check['problems']}")
    click.echo(f"Backup written to {path}" + (f": {json.dumps(check['counts'])}" if check else ""))
    if keep_days:
        for removed in services.prune(folder, keep_days, keep=path):
            click.echo(f"Removed the backup {removed} (older than {keep_days} days)")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def restore_command(path):
    """Load a backup into the configured database, which must be empty (a fresh instance); then check it."""
    try:
        services.restore(path)
    except services.BackupError as error:
        raise click.ClickException(str(error)) from error
    if os.path.isdir(path + ".uploads"):
        services.copy_uploads(path + ".uploads", current_app.config["UPLOAD_FOLDER"])
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
