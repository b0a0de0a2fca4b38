"""Housekeeping of staff password links, run by the worker."""

from app.accounts.services import delete_expired_password_links
from app.worker import crontab, periodic_task


@periodic_task(crontab(minute="19"), "accounts.delete_expired_password_links")
def delete_expired_links():
    """Hourly: expired set-password links are of no use to anyone."""
    return delete_expired_password_links()
