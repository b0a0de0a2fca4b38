"""Housekeeping of appeals, run by the worker."""

from app.appeals.services import delete_expired_link_tokens
from app.worker import crontab, periodic_task


@periodic_task(crontab(minute="21"), "appeals.delete_expired_link_tokens")
def delete_expired_links():
    """Hourly: an e-mailed link to an appeal that has expired opens nothing and only names the appeal."""
    return delete_expired_link_tokens()
