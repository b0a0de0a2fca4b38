"""`flask send-sms`: deliver the outbox's text messages through the configured gateway."""

import click
from flask import current_app
from flask.cli import with_appcontext

from app.database import write_intent
from app.outbox.services import deliver_due
from app.sms.gateways import configured_gateway


@click.command("send-sms")
@click.option("--limit", default=None, type=click.IntRange(min=1), help="Send at most this many messages.")
@with_appcontext
def send_sms(limit):
    """Send due text messages; exit 1 if one was given up on in this run."""
    with write_intent():
        report = deliver_due(configured_gateway(current_app), limit=limit, channel="sms")
    click.echo(f"send-sms ({current_app.config['SMS_TRANSPORT']}): {len(report.sent)} sent, "
               f"{len(report.retrying)} to retry, {len(report.gave_up)} given up")
    if report.gave_up:
        raise SystemExit(1)
