"""Reads of institutions, their plans and their reporting record."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.institutions.models import Institution, PlanGoal, StrategicPlan
from app.program.models import Objective


def list_institutions(settlement_id=None) -> list[Institution]:
    stmt = select(Institution).options(joinedload(Institution.settlement)).order_by(Institution.name_hy)
    if settlement_id is not None:
        stmt = stmt.where(Institution.settlement_id == settlement_id)
    return list(db.session.scalars(stmt))


def get_institution_or_404(slug) -> Institution:
    return db.first_or_404(
        select(Institution).where(Institution.slug == slug).options(joinedload(Institution.settlement))
    )


def current_plan(institution: Institution) -> StrategicPlan | None:
    """The newest strategic plan, with its goals and the program objectives they serve."""
    return db.session.scalar(
        select(StrategicPlan)
        .where(StrategicPlan.institution_id == institution.id)
        .order_by(StrategicPlan.start_year.desc())
        .limit(1)
        .options(selectinload(StrategicPlan.goals).selectinload(PlanGoal.objectives).joinedload(Objective.goal))
    )


@dataclass
class ReportingRecord:
    """How regularly an institution reports on the actions it has finished."""

    ended: int
    reported: int
    reported_on_time: int
    overdue: int
    last_report: date | None
    grace_days: int

    @property
    def reported_share(self):
        return self.reported / self.ended if self.ended else None


def reporting_record(institution: Institution, today: date, grace_days: int) -> ReportingRecord:
    """Ended actions, how many have a report, how many within the grace period, how many are overdue.

    Reads the dates of each action's first and latest published report stored on the action (kept by
    app/dashboard/tally.py) instead of grouping every report.
    """
    from sqlalchemy import true

    from app.schedule.models import Action, ActionStatus

    ended = and_(
        Action.institution_id == institution.id,
        Action.end_date < today,
        Action.status != ActionStatus.CANCELLED,
        Action.published == true(),
    )
    cutoff = today - timedelta(days=grace_days)
    rows = db.session.execute(select(Action.end_date, Action.first_report_date).where(ended)).all()
    reported = [(end, first) for end, first in rows if first is not None]
    on_time = sum(1 for end, first in reported if (first - end).days <= grace_days)
    overdue = sum(1 for end, first in rows if first is None and end < cutoff)
    last = db.session.scalar(
        select(func.max(Action.last_report_date))
        .where(Action.institution_id == institution.id, Action.published == true())
    )
    return ReportingRecord(len(rows), len(reported), on_time, overdue, last, grace_days)
