"""The audit log's daily checkpoint, run by the worker."""

from app.audit.services import make_checkpoint
from app.worker import crontab, periodic_task


@periodic_task(crontab(minute="5", hour="0"), "audit.make_checkpoint")
def daily_checkpoint():
    """Daily: publish the head of the audit chain at /open-data/audit-checkpoint.json and in its Atom feed."""
    checkpoint = make_checkpoint()
    return None if checkpoint is None else checkpoint.sequence
