"""`flask anonymise-expired`: remove applicants' personal data once the retention period is over (run daily)."""

import click
from flask.cli import with_appcontext

from app.retention.services import anonymise_expired, retention_years


@click.command("anonymise-expired")
@with_appcontext
def anonymise_expired_command():
    """Anonymise the applicants of appeals closed longer ago than the retention period (an admin setting)."""
    count = anonymise_expired()
    click.echo(f"Anonymised {count} appeal(s) closed more than {retention_years()} year(s) ago.")
