"""Reads behind /readyz: each check answers (ok, detail) and never raises."""

import os
import shutil
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, text

from app.extensions import db, limiter
from app.models_base import utcnow
from app.outbox.models import OutboxMessage


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


def outbox() -> tuple[bool, dict]:
    """Messages waiting longer than OUTBOX_LATE_MINUTES, and those given up, since the last day."""
    late = utcnow() - timedelta(minutes=current_app.config["OUTBOX_LATE_MINUTES"])
    waiting = db.session.scalar(select(func.count()).where(
        OutboxMessage.sent_dt.is_(None), OutboxMessage.failed_dt.is_(None), OutboxMessage.created_dt < late))
    failed = db.session.scalar(select(func.count()).where(OutboxMessage.failed_dt > utcnow() - timedelta(days=1)))
    return waiting == 0 and failed == 0, {"late": waiting, "failed_last_day": failed}


def upload_space() -> tuple[bool, dict]:
    """Free space where uploads are stored; below UPLOAD_MIN_FREE_MB a photo could not be written."""
    folder = current_app.config["UPLOAD_FOLDER"]
    probe = folder
    while probe and not os.path.isdir(probe):
        probe = os.path.dirname(probe)
    free_mb = shutil.disk_usage(probe or "/").free // (1024 * 1024)
    return free_mb >= current_app.config["UPLOAD_MIN_FREE_MB"], {"free_mb": free_mb}
