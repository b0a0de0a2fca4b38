"""Housekeeping of the residents' sign-in links, run by the worker."""

from app.residents.services import delete_expired_sign_in_links
from app.worker import crontab, periodic_task


@periodic_task(crontab(minute="17"), "residents.delete_expired_sign_in_links")
def delete_expired_links():
    """Hourly: expired sign-in links are of no use to anyone and name an address."""
    return delete_expired_sign_in_links()
