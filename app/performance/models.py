"""The data version: one row whose token changes in every transaction that writes, so caches know when to drop."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class DataVersion(db.Model):
    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    token: Mapped[str] = mapped_column(String(32))


# Indexes for the public filters and the accountability figures at a million appeals, declared here so the
# domains' models stay as they are (the migration e8bench00000 creates them).
def _declare_indexes():
    from sqlalchemy import Index

    from app.appeals.models import Appeal
    from app.schedule.models import Action, Report

    return (
        # The schedule's order, so a page deep in the list is read from the index, not sorted.
        Index("ix_action_published_start", Action.published, Action.start_date, Action.start_time, Action.id),
        # "This week" and "upcoming": actions that have not ended yet, found without reading the past.
        Index("ix_action_published_end", Action.published, Action.end_date, Action.start_date),
        Index("ix_report_published_date", Report.published, Report.report_date),
        # (appeals by receipt date, overall and per settlement, are declared on the Appeal model for the dashboard)
        Index("ix_appeal_institution_received", Appeal.institution_id, Appeal.received_dt),
        Index("ix_appeal_status_due", Appeal.status, Appeal.due_date),
    )


INDEXES = _declare_indexes()
