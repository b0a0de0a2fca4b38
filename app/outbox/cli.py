"""`flask send-mail`: deliver the outbox through the configured transport (run it from cron or a systemd timer)."""

import time

import click
from flask import current_app
from flask.cli import with_appcontext

from app.database import write_intent
from app.outbox.services import deliver_due
from app.outbox.transport import configured_transport


@click.command("send-mail")
@click.option("--loop", is_flag=True, help="Keep running, delivering every --interval seconds.")
@click.option("--interval", default=60, show_default=True, type=click.IntRange(min=1),
              help="Seconds between two runs with --loop.")
@click.option("--limit", default=None, type=click.IntRange(min=1), help="Send at most this many messages per run.")
@with_appcontext
def send_mail(loop, interval, limit):
    """Send due emails of the outbox; exit 1 if a message was given up on in this run.

    Safe to run several at once: each message is claimed by one sender before it is sent.
    """
    gave_up = 0
    while True:
        with write_intent():
            report = deliver_due(configured_transport(current_app), limit=limit)
        gave_up += len(report.gave_up)
        if report.sent or report.retrying or report.gave_up:
            click.echo(f"send-mail ({current_app.config['MAIL_TRANSPORT']}): {len(report.sent)} sent, "
                       f"{len(report.retrying)} to retry, {len(report.gave_up)} given up")
        for message_id in report.gave_up:
            click.echo(f"send-mail: gave up on message {message_id}; see /admin/outbox", err=True)
        if not loop:
            break
        time.sleep(interval)
    if gave_up:
        raise SystemExit(1)
