"""Addresses with their own, higher limits."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models_base import UTCDateTime, utcnow


class AddressAllowance(db.Model):
    """An address or network (a help desk, a community centre's shared connection) whose residents' limits are
    `factor` times the usual ones. Only what an address sends is counted, never who sent it."""

    __tablename__ = "address_allowance"

    id: Mapped[int] = mapped_column(primary_key=True)
    network: Mapped[str] = mapped_column(String(64), unique=True)  # e.g. 203.0.113.7/32 or 2001:db8::/64
    label: Mapped[str] = mapped_column(String(200))
    factor: Mapped[int]
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
