"""The worker keeps the stored figures computed by the running code (see app/dashboard/stamp.py)."""

from app.community.queries import local_today
from app.dashboard.services import rebuild_figures
from app.worker import crontab, periodic_task


@periodic_task(crontab(minute="*"), "dashboard.rebuild_if_stale")
def rebuild_if_stale():
    """Rebuild the figures when the stamp stored with them names other code than the running one."""
    return rebuild_figures(local_today(), only_if_stale=True)
