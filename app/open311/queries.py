"""Public status of appeals for Open311 clients: only columns without personal data are ever loaded."""

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, load_only

from app.appeals.models import Appeal, AppealEvent
from app.extensions import db

MAX_RESULTS = 50

_PUBLIC_COLUMNS = load_only(
    Appeal.id, Appeal.tracking_number, Appeal.kind, Appeal.status, Appeal.received_dt, Appeal.due_date,
    Appeal.closed_dt, Appeal.institution_id, Appeal.publication, Appeal.public_text, Appeal.public_answer,
    raiseload=True,
)


def list_public_requests(numbers=None, kind=None, open_statuses=None, closed=None, start: datetime | None = None,
                         end: datetime | None = None) -> list[Appeal]:
    """Appeals by tracking number or by kind/status/received period, the newest first, at most MAX_RESULTS."""
    stmt = select(Appeal).options(_PUBLIC_COLUMNS, joinedload(Appeal.institution))
    if numbers is not None:
        stmt = stmt.where(Appeal.tracking_number.in_(numbers))
    if kind is not None:
        stmt = stmt.where(Appeal.kind == kind)
    if closed is True:
        stmt = stmt.where(Appeal.status.not_in(open_statuses))
    elif closed is False:
        stmt = stmt.where(Appeal.status.in_(open_statuses))
    if start is not None:
        stmt = stmt.where(Appeal.received_dt >= start)
    if end is not None:
        stmt = stmt.where(Appeal.received_dt <= end)
    return list(db.session.scalars(stmt.order_by(Appeal.received_dt.desc(), Appeal.id.desc()).limit(MAX_RESULTS)))


def last_public_change(appeal_ids) -> dict[int, datetime]:
    """When each appeal last changed in a way its applicant is shown (its latest public event)."""
    if not appeal_ids:
        return {}
    rows = db.session.execute(
        select(AppealEvent.appeal_id, func.max(AppealEvent.created_dt))
        .where(AppealEvent.appeal_id.in_(appeal_ids), AppealEvent.public.is_(True))
        .group_by(AppealEvent.appeal_id)
    ).all()
    return dict(rows)
