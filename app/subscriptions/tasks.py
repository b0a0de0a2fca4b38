"""The weekly digest and the forgetting of unconfirmed addresses, run by the worker."""

from datetime import timedelta

from flask import current_app

from app.models_base import utcnow
from app.subscriptions.services import delete_unconfirmed, send_status_notices, send_weekly_digests
from app.worker import crontab, periodic_task, task


@task("subscriptions.status_notices", retries=3, retry_delay=10)
def status_notices():
    """Tell the followers of a postponed or cancelled action (woken by the editor's commit)."""
    return send_status_notices()


@periodic_task(crontab(minute="*"), "subscriptions.notice_sweep")
def notice_sweep():
    """Every minute: a notice whose wake-up was lost, or whose run failed, is written now."""
    return send_status_notices()


@periodic_task(crontab(day_of_week="1", hour="5", minute="0"), "subscriptions.weekly_digest")
def weekly_digest():
    """Mondays at 09:00 in Yerevan (05:00 UTC): each confirmed subscription's digest of the week."""
    return send_weekly_digests()


@periodic_task(crontab(minute="43"), "subscriptions.forget_unconfirmed")
def forget_unconfirmed():
    """Hourly: an address nobody confirmed in time is deleted (the confirmation link has expired anyway)."""
    return delete_unconfirmed(utcnow() - timedelta(hours=current_app.config["SUBSCRIPTION_CONFIRM_HOURS"]))
