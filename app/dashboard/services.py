"""Writes of the dashboard: its one setting, and the rebuild of its stored figures."""

import logging

from sqlalchemy import select, text

from app.audit.services import audit
from app.community.queries import get_community
from app.dashboard.models import FiguresStamp
from app.dashboard.stamp import figures_version
from app.dashboard.tally import fill_actions, fill_appeals, rebuild_tally
from app.extensions import db
from app.models_base import utcnow
from app.performance.version import bump

log = logging.getLogger(__name__)


def set_min_count(actor, value: int):
    """Set the count below which the dashboard shows no percentage."""
    community = get_community()
    old = community.dashboard_min_count
    community.dashboard_min_count = value
    audit("dashboard.min_count", actor=actor, target=community, details={"old": old, "new": value})
    db.session.commit()


def rebuild_figures(today, *, only_if_stale: bool) -> bool:
    """Work every stored figure out again and stamp it with the running code's version; True if it ran.

    Several workers (one per server) may call this at once: on PostgreSQL the stamp's row lock makes the others
    wait and then find the stamp fresh; on SQLite the write transaction (BEGIN IMMEDIATE) does the same.
    """
    version = figures_version()
    if only_if_stale and db.session.scalar(select(FiguresStamp.version).where(FiguresStamp.id == 1)) == version:
        db.session.rollback()  # the usual answer, every minute: a read, no lock
        return False
    stamp = db.session.execute(select(FiguresStamp).where(FiguresStamp.id == 1).with_for_update()).scalar()
    if stamp is None:
        stamp = FiguresStamp(id=1, version="")
        db.session.add(stamp)
    if only_if_stale and stamp.version == version:  # another worker rebuilt while this one waited for the lock
        db.session.rollback()
        return False
    connection = db.session.connection()
    fill_appeals(connection, today)
    fill_actions(connection)
    if connection.dialect.name == "postgresql":
        # Taken after the appeals' rows (which concurrent lifecycle steps may hold) so that no writer waits for
        # the tally while holding an appeal the rebuild needs: writers of the tally wait for the commit instead of
        # adding +1s that the rebuild would delete.
        connection.execute(text("LOCK TABLE appeal_month_tally IN SHARE ROW EXCLUSIVE MODE"))
    rebuild_tally(connection)
    stamp.version, stamp.rebuilt_dt = version, utcnow()
    # The bulk statements above bypass the ORM events that give the data a new version: the pages showing
    # reported spending and response times must not be answered from the cache.
    bump()
    db.session.commit()
    log.info("dashboard: figures rebuilt for code version %s", version)
    return True
