"""The staff's daily deadline digest (`notify-deadlines`), run by the worker's scheduler instead of cron."""

from datetime import datetime
from zoneinfo import ZoneInfo

from app.community.queries import community_timezone
from app.reminders.services import send_deadline_digests
from app.worker import crontab, periodic_task


# 04:00 UTC is 08:00 in Yerevan: the digest is waiting when the working day starts. A second run the same day
# (several consumers, a restart) queues nothing new: the digests of the day are recorded.
@periodic_task(crontab(hour="4", minute="0"), "reminders.notify_deadlines")
def notify_deadlines():
    """Queue today's deadline digests; the commit wakes the sender."""
    today = datetime.now(ZoneInfo(community_timezone())).date()
    return len(send_deadline_digests(today))
