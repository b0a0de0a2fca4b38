"""Reads behind /readyz and /metrics: each readiness check answers (ok, detail) and never raises."""

import os
import shutil
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, text

from app.appeals.models import OPEN_STATUSES, Appeal
from app.community.queries import local_today
from app.dashboard.models import FiguresStamp
from app.dashboard.stamp import figures_version
from app.extensions import db, limiter
from app.models_base import utcnow
from app.outbox.models import OutboxMessage
from app.worker.heartbeat import last_beat


def database() -> tuple[bool, str]:
    try:
        db.session.execute(text("SELECT 1"))
        return True, "ok"
    except Exception as error:  # noqa: BLE001 - any failure means "not ready"
        db.session.rollback()
        return False, str(getattr(error, "orig", error)).splitlines()[0][:200]


def shared_limits() -> tuple[bool, str]:
    """Redis (the rate limits shared by every worker). Down: limits go on per process, so the site still works."""
    if current_app.config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        return True, "in-process (memory://)"
    try:
        reachable = limiter.storage.check()
    except Exception:  # noqa: BLE001
        reachable = False
    return (True, "ok") if reachable else (False, "unreachable: limits are per process until it is back")


def outbox_counts() -> dict:
    """Messages not sent yet (all of them, those waiting longer than OUTBOX_LATE_MINUTES, those being retried),
    and those given up during the last day."""
    now = utcnow()
    late = now - timedelta(minutes=current_app.config["OUTBOX_LATE_MINUTES"])
    pending = (OutboxMessage.sent_dt.is_(None), OutboxMessage.failed_dt.is_(None))
    waiting, late_count, retrying = db.session.execute(select(
        func.count(),
        func.count().filter(OutboxMessage.created_dt < late),
        func.count().filter(OutboxMessage.attempts > 0),
    ).where(*pending)).one()
    failed = db.session.scalar(select(func.count()).where(OutboxMessage.failed_dt > now - timedelta(days=1)))
    return {"waiting": waiting, "late": late_count, "retrying": retrying, "failed_last_day": failed}


def outbox() -> tuple[bool, dict]:
    counts = outbox_counts()
    return counts["late"] == 0 and counts["failed_last_day"] == 0, counts


def worker() -> tuple[bool, dict]:
    """The newest heartbeat of any worker (app/worker/heartbeat.py): older than WORKER_STALE_MINUTES, no worker
    runs, so mail, digests and housekeeping wait."""
    beat = last_beat()
    if beat is None:
        return False, {"last_heartbeat": None, "age_seconds": None}
    age = int((utcnow() - beat).total_seconds())
    return age <= current_app.config["WORKER_STALE_MINUTES"] * 60, {"last_heartbeat": beat.isoformat(),
                                                                     "age_seconds": age}


def upload_space() -> tuple[bool, dict]:
    """Free space where uploads are stored; below UPLOAD_MIN_FREE_MB a photo could not be written."""
    folder = current_app.config["UPLOAD_FOLDER"]
    probe = folder
    while probe and not os.path.isdir(probe):
        probe = os.path.dirname(probe)
    free_mb = shutil.disk_usage(probe or "/").free // (1024 * 1024)
    return free_mb >= current_app.config["UPLOAD_MIN_FREE_MB"], {"free_mb": free_mb}


def overdue_appeals() -> int:
    """Open appeals past their due date (the community's today)."""
    return db.session.scalar(select(func.count()).where(
        Appeal.status.in_(OPEN_STATUSES), Appeal.due_date < local_today()))


def figures_stale() -> bool:
    """The dashboard's stored figures were computed by other code than the running one (the worker will rebuild)."""
    return db.session.scalar(select(FiguresStamp.version).where(FiguresStamp.id == 1)) != figures_version()
