"""`flask send-digests`: queue the weekly digests of subscriptions (the worker runs it every week)."""

import click
from flask.cli import with_appcontext

from app.database import write_intent
from app.subscriptions.services import send_weekly_digests


@click.command("send-digests")
@with_appcontext
def send_digests():
    """Queue a digest to every confirmed weekly subscription with something new since its last one."""
    with write_intent():
        count = send_weekly_digests()
    click.echo(f"send-digests: {count} digest(s) queued")
