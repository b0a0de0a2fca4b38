"""`flask audit-verify`: check that nobody rewrote the audit log."""

import click
from flask.cli import with_appcontext

from app.audit.queries import verify_chain


@click.command("audit-verify")
@with_appcontext
def audit_verify():
    """Recompute the audit log's hash chain and report the first broken entry."""
    result = verify_chain()
    if result.ok:
        click.echo(f"Audit log intact: {result.checked} entries verified.")
        return
    click.echo(f"Audit log BROKEN at entry {result.broken_id}: {result.reason} "
               f"({result.checked} entries before it verified).", err=True)
    raise SystemExit(1)
