"""The worker's heartbeat: one row per consumer, so /readyz and the metrics can tell a worker that stopped."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models_base import UTCDateTime


class WorkerHeartbeat(db.Model):
    """When a worker (host and process) last ran its periodic heartbeat task."""

    __tablename__ = "worker_heartbeat"

    worker: Mapped[str] = mapped_column(String(200), primary_key=True)
    beat_dt: Mapped[datetime] = mapped_column(UTCDateTime())
