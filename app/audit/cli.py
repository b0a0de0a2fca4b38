"""`flask audit-verify`: check that nobody rewrote the audit log; `flask audit-checkpoint`: publish its head."""

import json

import click
from flask import current_app
from flask.cli import with_appcontext

from app.audit.queries import Checkpoint, verify_chain
from app.audit.services import make_checkpoint


@click.command("audit-verify")
@click.option("--checkpoint", "checkpoint_file", type=click.File("r", encoding="utf-8"),
              help="A saved /open-data/audit-checkpoint.json: the log must still hold that head, unchanged.")
@with_appcontext
def audit_verify(checkpoint_file):
    """Recompute the audit log's keyed hash chain and report the first broken entry."""
    checkpoint = None
    if checkpoint_file is not None:
        try:
            checkpoint = Checkpoint.from_json(json.load(checkpoint_file))
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--checkpoint") from error
    result = verify_chain(current_app.config["AUDIT_KEY"], checkpoint)
    if result.ok:
        against = f", including the checkpoint at entry {checkpoint.sequence}" if checkpoint else ""
        click.echo(f"Audit log intact: {result.checked} entries verified{against}.")
        return
    click.echo(f"Audit log BROKEN at entry {result.broken_id}: {result.reason} "
               f"({result.checked} entries before it verified).", err=True)
    raise SystemExit(1)


@click.command("audit-checkpoint")
@with_appcontext
def audit_checkpoint():
    """Record today's head of the audit chain for /open-data/audit-checkpoint.json and its Atom feed."""
    checkpoint = make_checkpoint()
    if checkpoint is None:
        click.echo("The audit log is empty: no checkpoint.")
        return
    click.echo(f"Checkpoint: entry {checkpoint.sequence} (id {checkpoint.entry_id}), hash {checkpoint.entry_hash}.")
