"""The dashboard's rollup of appeals by month of receipt, so a range of years is summed from a few thousand rows."""

from datetime import datetime

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models_base import UTCDateTime

# `calendar_days` and `working_days` of the appeals that have no response time (open or withdrawn).
UNANSWERED = -1


class AppealMonthTally(db.Model):
    """How many appeals of one local month of receipt, settlement and kind took each response time.

    Kept by app/dashboard/tally.py in the same transaction as the appeals themselves (a +1/-1 per change, so
    concurrent writers add up instead of overwriting each other); `flask dashboard-rebuild` recomputes it.
    A row may fall to zero appeals and stay.
    """

    __tablename__ = "appeal_month_tally"
    # The key in this order, and the rows stored in it on SQLite, so that summing a range of months by response
    # time reads the rows in order and sorts nothing.
    __table_args__ = {"sqlite_with_rowid": False}

    month: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # YYYYMM
    calendar_days: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    working_days: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    settlement_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(24), primary_key=True)
    appeals: Mapped[int] = mapped_column(BigInteger, default=0)
    late: Mapped[int] = mapped_column(BigInteger, default=0)  # of them, answered after their due date


class FiguresStamp(db.Model):
    """Which code computed the stored figures (the one row, id 1): a hash of that code, see app/dashboard/stamp.py.

    When the running code's hash differs (a deploy, a rollback, a roll-forward) the worker rebuilds the figures and
    writes the new hash, so no operator has to remember `flask dashboard-rebuild`.
    """

    __tablename__ = "dashboard_stamp"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[str] = mapped_column(String(64), default="")
    rebuilt_dt: Mapped[datetime | None] = mapped_column(UTCDateTime())
