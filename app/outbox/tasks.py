"""The sender in the worker: deliver as soon as a commit queued a message, and sweep every minute for retries."""

import logging

from app.outbox.services import deliver_all
from app.worker import crontab, periodic_task, task

log = logging.getLogger(__name__)


def _deliver():
    report = deliver_all()
    if len(report):
        log.info("outbox: %d sent, %d to retry, %d given up", len(report.sent), len(report.retrying),
                 len(report.gave_up))
    return len(report.sent)


@task("outbox.deliver", retries=3, retry_delay=10)
def deliver():
    """Deliver everything due (woken by the commit that queued a message)."""
    return _deliver()


@periodic_task(crontab(minute="*"), "outbox.sweep")
def sweep():
    """Deliver messages whose next attempt has come (backoff), and anything a lost wake-up left queued."""
    return _deliver()
