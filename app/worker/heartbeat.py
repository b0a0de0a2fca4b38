"""The worker says it is alive every minute; /readyz and /metrics read the newest beat.

The beat is written on the session's connection with a Core statement, not through the ORM: the page cache's data
version (app/performance/version.py) follows ORM writes, and a beat every minute must not drop every cached page.
"""

import os
import socket
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.models_base import utcnow
from app.worker import crontab, periodic_task
from app.worker.models import WorkerHeartbeat

# A worker that has not beaten for this long is gone for good: its row is removed by the others' beats.
FORGET_AFTER_DAYS = 7


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def beat(now: datetime | None = None) -> None:
    """Record that this worker is alive (one upsert), and forget workers silent for a week."""
    now = now or utcnow()
    connection = db.session.connection()
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    table = WorkerHeartbeat.__table__
    connection.execute(insert(table).values(worker=worker_name(), beat_dt=now).on_conflict_do_update(
        index_elements=[table.c.worker], set_={"beat_dt": now}))
    connection.execute(delete(table).where(table.c.beat_dt < now - timedelta(days=FORGET_AFTER_DAYS)))
    db.session.commit()


def last_beat() -> datetime | None:
    """The newest beat of any worker, or None if no worker ever ran."""
    return db.session.scalar(select(func.max(WorkerHeartbeat.beat_dt)))


@periodic_task(crontab(minute="*"), "worker.heartbeat")
def heartbeat():
    """Every minute: this worker is alive (see /readyz)."""
    beat()
