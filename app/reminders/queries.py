"""Reads for the deadline digest: which open appeals are due soon or overdue, and for whom."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts.models import Role, User
from app.appeals.deadlines import Calendar
from app.appeals.models import OPEN_STATUSES, Appeal
from app.extensions import db
from app.reminders.models import DeadlineDigest
from app.workdays.queries import non_working_days

SOON_WORKING_DAYS = 2


def soon_horizon(today: date, working_days: int = SOON_WORKING_DAYS) -> date:
    """The last day of "due within N working days": the N-th working day after today."""
    end = today + timedelta(days=2 * working_days + 31)
    calendar = Calendar(non_working_days(today, end), today, end)
    day, counted = today, 0
    while counted < working_days:
        day += timedelta(days=1)
        if calendar.is_working(day):
            counted += 1
    return day


@dataclass
class Digest:
    user: User
    overdue: list[Appeal] = field(default_factory=list)
    due_soon: list[Appeal] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.due_soon)


def pending_digests(today: date) -> list[Digest]:
    """Each active staff member's overdue and soon-due open appeals not yet sent today.

    An assignee gets the appeals assigned to them; officers also get every unassigned one.
    """
    horizon = soon_horizon(today)
    appeals = db.session.scalars(
        select(Appeal).where(Appeal.status.in_(OPEN_STATUSES), Appeal.due_date <= horizon)
        .order_by(Appeal.due_date, Appeal.id)).all()
    if not appeals:
        return []
    already = set(db.session.scalars(select(DeadlineDigest.user_id).where(DeadlineDigest.day == today)))
    users = {u.id: u for u in db.session.scalars(
        select(User).where(User.is_active.is_(True)).options(selectinload(User.grants)))}
    officers = [u for u in users.values() if u.has_role(Role.OFFICER)]
    digests: dict[int, Digest] = {}

    def add(user, appeal):
        digest = digests.setdefault(user.id, Digest(user))
        (digest.overdue if appeal.due_date < today else digest.due_soon).append(appeal)

    for appeal in appeals:
        if appeal.assignee_id is None:
            for officer in officers:
                add(officer, appeal)
        elif appeal.assignee_id in users:
            add(users[appeal.assignee_id], appeal)
    return [d for uid, d in sorted(digests.items()) if uid not in already]
