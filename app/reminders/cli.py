"""`flask notify-deadlines`: the daily digest of due and overdue appeals (run it once a day from cron or systemd)."""

from datetime import datetime

import click
from flask.cli import with_appcontext

from app.community.queries import community_timezone
from app.database import write_intent
from app.reminders.services import send_deadline_digests


@click.command("notify-deadlines")
@with_appcontext
def notify_deadlines():
    """Queue today's digests to staff; running it again the same day sends nothing new."""
    from zoneinfo import ZoneInfo

    today = datetime.now(ZoneInfo(community_timezone())).date()
    with write_intent():
        digests = send_deadline_digests(today)
    click.echo(f"notify-deadlines {today.isoformat()}: {len(digests)} digest(s) queued "
               f"({sum(d.count for d in digests)} appeal line(s)); `flask send-mail` delivers them.")
