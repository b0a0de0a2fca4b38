"""`flask send-mail`: deliver the outbox by hand (the worker does it by itself; this is for a one-off run)."""

import time

import click
from flask import current_app
from flask.cli import with_appcontext

from app.database import write_intent
from app.outbox import services


@click.command("send-mail")
@click.option("--loop", is_flag=True, help="Keep running, delivering every --interval seconds.")
@click.option("--interval", default=60, show_default=True, type=click.IntRange(min=1),
              help="Seconds between two runs with --loop.")
@click.option("--limit", default=None, type=click.IntRange(min=1), help="Send at most this many messages per run.")
@click.option("--retry-failed", is_flag=True, help="First put every failed message back in the queue.")
@with_appcontext
def send_mail(loop, interval, limit, retry_failed):
    """Send due messages of the outbox; exit 1 if a message was given up on in this run.

    Safe to run beside the worker and several at once: each message is claimed by one sender before it is sent.
    """
    gave_up = 0
    if retry_failed:
        with write_intent():
            click.echo(f"send-mail: {services.retry_failed()} failed message(s) queued again")
    while True:
        with write_intent():
            report = services.deliver_all(limit=limit)
        gave_up += len(report.gave_up)
        if len(report):
            click.echo(f"send-mail ({current_app.config['MAIL_TRANSPORT']}): {len(report.sent)} sent, "
                       f"{len(report.retrying)} to retry, {len(report.gave_up)} given up")
        for message_id in report.gave_up:
            click.echo(f"send-mail: gave up on message {message_id}; see /admin/outbox", err=True)
        if not loop:
            break
        time.sleep(interval)
    if gave_up:
        raise SystemExit(1)

