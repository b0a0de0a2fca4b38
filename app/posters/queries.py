import calendar
from datetime import date

from sqlalchemy import and_, select

from app.extensions import db
from app.schedule.queries import PUBLISHED, _with_places
from app.schedule.models import Action


def month_actions(settlement_id: int, first: date) -> list[Action]:
    """The published actions in the settlement that run on at least one day of the month, in date order."""
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    stmt = (_with_places(select(Action))
            .where(Action.settlement_id == settlement_id, PUBLISHED,
                   and_(Action.start_date <= last, Action.end_date >= first))
            .order_by(Action.start_date, Action.start_time, Action.id))
    return list(db.session.scalars(stmt))
