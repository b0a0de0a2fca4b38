"""The nightly anonymisation of applicants whose retention period is over, run by the worker's scheduler."""

from app.retention.services import anonymise_expired
from app.worker import crontab, periodic_task


# 23:30 UTC is 03:30 in Yerevan: the quietest hour. A second run the same night finds nothing left to do.
@periodic_task(crontab(hour="23", minute="30"), "retention.anonymise_expired")
def anonymise_expired_task():
    """Anonymise every appeal closed longer ago than the retention period."""
    return anonymise_expired()
