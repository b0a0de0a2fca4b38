"""Reads of the schedule: filtered lists, the month calendar, one action, and the figures built on them."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, case, func, select, true
from sqlalchemy.orm import joinedload, selectinload

from app.community.models import Settlement
from app.community.queries import list_settlements
from app.extensions import db
from app.institutions.models import Institution
from app.pagination import Page, clamp_page
from app.program.models import Goal, Objective
from app.program.queries import list_current_goals
from app.schedule.filters import ScheduleFilters
from app.schedule.models import Action, ActionStatus, Report, action_objective

# Drafts of institutions under review are visible only in the staff workspace.
PUBLISHED = Action.published.is_(True)
REPORT_PUBLISHED = and_(Report.published.is_(True), Action.published.is_(True))


@dataclass
class ScheduleOptions:
    """What the filter form offers, loaded once per request."""

    settlements: list[Settlement]
    institutions: list[Institution]
    goals: list[Goal]


def schedule_options() -> ScheduleOptions:
    institutions = list(db.session.scalars(select(Institution).order_by(Institution.name_hy)))
    return ScheduleOptions(list_settlements(), institutions, list_current_goals())


def _month_bounds(first_day: date):
    last = calendar.monthrange(first_day.year, first_day.month)[1]
    return first_day, first_day.replace(day=last)


def _conditions(filters: ScheduleFilters, options: ScheduleOptions):
    """SQL conditions for the filters; a slug or code that names nothing is reported and dropped."""
    conditions = [PUBLISHED]
    lookups = (
        ("settlement", {s.slug: s.id for s in options.settlements}, Action.settlement_id),
        ("institution", {i.slug: i.id for i in options.institutions}, Action.institution_id),
    )
    for name, ids, column in lookups:
        value = getattr(filters, name)
        if value:
            if value in ids:
                conditions.append(column == ids[value])
            else:
                filters.ignored.append(name)
                setattr(filters, name, None)
    if filters.goal:
        goal_ids = {g.code: g.id for g in options.goals}
        if filters.goal in goal_ids:
            linked = (
                select(action_objective.c.action_id)
                .join(Objective, Objective.id == action_objective.c.objective_id)
                .where(Objective.goal_id == goal_ids[filters.goal])
            )
            conditions.append(Action.id.in_(linked))
        else:
            filters.ignored.append("goal")
            filters.goal = None
    if filters.status:
        conditions.append(Action.status == filters.status)
    if filters.month:
        first, last = _month_bounds(filters.month)
        conditions.append(and_(Action.start_date <= last, started_since(first, PUBLISHED)))
    return conditions


def action_conditions(filters: ScheduleFilters) -> list:
    """The SQL conditions selecting the published actions of `filters` (subscriptions match actions with them)."""
    return _conditions(filters, schedule_options())


def _with_places(stmt):
    return stmt.options(joinedload(Action.institution), joinedload(Action.settlement))


def started_since(day: date, *conditions):
    """A condition equal to "not ended before `day`" that also bounds the start date from below.

    `end_date >= day` alone leaves the database to walk every earlier action in start order (the schedule's
    indexes begin with the start date). The earliest start among actions still running on `day`, read from the
    (published, end_date, start_date) index, makes that walk a short range.
    """
    # The LIMIT keeps SQLite from answering min() by walking the start-date index; it reads the end-date one.
    running = select(Action.start_date.label("start")).where(Action.end_date >= day, *conditions).limit(10**9)
    earliest = db.session.scalar(select(func.min(running.subquery().c.start)))
    if earliest is None:
        return and_(Action.end_date >= day, Action.id.is_(None))
    return and_(Action.end_date >= day, Action.start_date >= earliest)



@dataclass
class ScheduleList:
    page: Page
    budget_total: int
    # Without a month: how many actions lie on the other side of today (a link to them says how many).
    other_side: int | None = None


def list_schedule(filters: ScheduleFilters, options: ScheduleOptions, per_page: int, today: date) -> ScheduleList:
    """Filtered actions, one page of them, and the totals of the whole selection.

    A chosen month lists all of that month in date order. Otherwise the list holds what has not ended yet, from
    the earliest, so page 1 is always what comes next (its URL means the same every day); `when=past` holds what
    has ended, the latest first.
    """
    conditions = _conditions(filters, options)
    order = (Action.start_date, Action.start_time, Action.id)
    other_side = None
    if filters.month is None:
        coming = started_since(today, PUBLISHED)
        ended = Action.end_date < today
        side, other = (ended, coming) if filters.past else (coming, ended)
        other_side = db.session.scalar(select(func.count(Action.id)).where(*conditions, other))
        conditions.append(side)
        if filters.past:
            order = tuple(column.desc() for column in order)
    total, budget_total = db.session.execute(
        select(func.count(Action.id), func.coalesce(func.sum(Action.budget_planned), 0)).where(*conditions)
    ).one()
    page_number = clamp_page(filters.page or 1, total, per_page)
    # The page's ids first (read from an index, however deep the page), then those rows with their places.
    ids = db.session.scalars(
        select(Action.id).where(*conditions).order_by(*order).limit(per_page).offset((page_number - 1) * per_page)
    ).all()
    items = (db.session.scalars(_with_places(select(Action)).where(Action.id.in_(ids)).order_by(*order)).all()
             if ids else [])
    return ScheduleList(Page(list(items), page_number, per_page, total), int(budget_total), other_side)


def filtered_actions(filters: ScheduleFilters, options: ScheduleOptions, limit: int | None = None, offset: int = 0):
    """All actions the schedule's filters select, in date order, with the count of the whole selection (feeds, API)."""
    conditions = _conditions(filters, options)
    total = db.session.scalar(select(func.count(Action.id)).where(*conditions))
    stmt = (
        _with_places(select(Action))
        .where(*conditions)
        .options(selectinload(Action.objectives).joinedload(Objective.goal))
        .order_by(Action.start_date, Action.start_time, Action.id)
        .offset(offset)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(db.session.scalars(stmt).unique()), total


def nearest_actions(filters: ScheduleFilters, options: ScheduleOptions, today: date, limit: int) -> list:
    """What a calendar subscription carries: the filtered actions still running or to come, then as many of the
    most recent past ones as fit in `limit`, in date order. A large community's calendar thus keeps what is
    relevant instead of its oldest years (a month filter reaches any past month)."""
    conditions = _conditions(filters, options)
    order = (Action.start_date, Action.start_time, Action.id)
    loaded = _with_places(select(Action)).options(selectinload(Action.objectives).joinedload(Objective.goal))
    coming = list(db.session.scalars(
        loaded.where(*conditions, started_since(today, PUBLISHED)).order_by(*order).limit(limit)).unique())
    past = []
    if len(coming) < limit:
        past = list(db.session.scalars(
            loaded.where(*conditions, Action.end_date < today).order_by(*[c.desc() for c in order])
            .limit(limit - len(coming))).unique())
    return past[::-1] + coming


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    actions: list


def upcoming_matching(filters: ScheduleFilters, options: ScheduleOptions, today: date, limit: int) -> list[Action]:
    """The next actions matching the schedule's filters (a chosen month: all of that month's), in date order."""
    conditions = _conditions(filters, options)
    if not filters.month:
        conditions.append(Action.end_date >= today)
    stmt = (_with_places(select(Action)).where(*conditions)
            .order_by(Action.start_date, Action.start_time, Action.id).limit(limit))
    return list(db.session.scalars(stmt))


def settlement_month(settlement_id: int, first: date) -> list[Action]:
    """The published actions in the settlement that run on at least one day of the month, in date order."""
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    stmt = (_with_places(select(Action))
            .where(Action.settlement_id == settlement_id, PUBLISHED,
                   and_(Action.start_date <= last, Action.end_date >= first))
            .order_by(Action.start_date, Action.start_time, Action.id))
    return list(db.session.scalars(stmt))


def calendar_month(filters: ScheduleFilters, options: ScheduleOptions, month: date) -> list[list[CalendarDay]]:
    """Weeks (Monday first) of the month; each action sits on its first day within the month."""
    conditions = [c for c in _conditions(filters, options)]
    first, last = _month_bounds(month)
    if not filters.month:
        conditions.append(and_(Action.start_date <= last, started_since(first, PUBLISHED)))
    actions = db.session.scalars(
        _with_places(select(Action)).where(*conditions).order_by(Action.start_date, Action.start_time, Action.id)
    ).all()
    by_day: dict[date, list] = {}
    for action in actions:
        by_day.setdefault(max(action.start_date, first), []).append(action)
    start = first - timedelta(days=first.weekday())
    end = last + timedelta(days=6 - last.weekday())
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    cells = [CalendarDay(d, d.month == month.month, by_day.get(d, [])) for d in days]
    return [cells[i:i + 7] for i in range(0, len(cells), 7)]


def get_action_or_404(action_id: int) -> Action:
    stmt = (
        _with_places(select(Action))
        .where(Action.id == action_id, PUBLISHED)
        .options(
            selectinload(Action.reports.and_(Report.published.is_(True))).selectinload(Report.public_photos),
            selectinload(Action.reports.and_(Report.published.is_(True))).selectinload(Report.public_documents),
            selectinload(Action.objectives).joinedload(Objective.goal),
        )
    )
    return db.first_or_404(stmt)


def actual_spent(action: Action) -> int | None:
    """What the reports say was spent, or None while nothing is reported."""
    amounts = [r.actual_spent for r in action.reports if r.actual_spent is not None]
    return sum(amounts) if amounts else None


def week_bounds(today: date):
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def this_week_by_settlement(today: date) -> dict[int, list[Action]]:
    """This week's actions (Monday to Sunday) grouped by settlement id."""
    monday, sunday = week_bounds(today)
    actions = db.session.scalars(
        _with_places(select(Action))
        .where(Action.start_date <= sunday, started_since(monday, PUBLISHED), PUBLISHED)
        .order_by(Action.start_date, Action.start_time, Action.id)
    ).all()
    grouped: dict[int, list[Action]] = {}
    for action in actions:
        grouped.setdefault(action.settlement_id, []).append(action)
    return grouped


def latest_reports(limit=6, **where) -> list[Report]:
    """The newest reports with their action and photos, optionally for one institution or settlement."""
    stmt = (
        select(Report)
        .join(Report.action)
        .options(
            joinedload(Report.action).joinedload(Action.institution),
            joinedload(Report.action).joinedload(Action.settlement),
            selectinload(Report.public_photos),
        )
        .where(REPORT_PUBLISHED)
        .order_by(Report.report_date.desc(), Report.id.desc())
        .limit(limit)
    )
    if "institution_id" in where:
        stmt = stmt.where(Action.institution_id == where["institution_id"])
    if "settlement_id" in where:
        stmt = stmt.where(Action.settlement_id == where["settlement_id"])
    return list(db.session.scalars(stmt).unique())


@dataclass
class Figures:
    year: int
    actions: int
    done: int
    budget_planned: int
    spent: int
    ended: int
    reported: int

    @property
    def reported_share(self):
        return self.reported / self.ended if self.ended else None


def year_figures(today: date, **where) -> Figures:
    """This year's actions, budget and reporting, for the whole community or one settlement/institution.

    One scan of the year's actions: what their published reports say (spent, whether there is one) is stored on
    each action (Action.reported_spent, first_report_date; kept by app/dashboard/tally.py).
    """
    in_year = Action.start_date.between(date(today.year, 1, 1), date(today.year, 12, 31))
    conditions = [Action.published == true(), in_year] + [getattr(Action, k) == v for k, v in where.items()]
    ended = and_(Action.end_date < today, Action.status != ActionStatus.CANCELLED)
    row = db.session.execute(
        select(
            func.count(Action.id),
            func.count(Action.id).filter(Action.status == ActionStatus.DONE),
            func.coalesce(func.sum(case((Action.status != ActionStatus.CANCELLED, Action.budget_planned), else_=0)), 0),
            func.count(Action.id).filter(ended),
            func.count(Action.id).filter(and_(ended, Action.first_report_date.is_not(None))),
            func.coalesce(func.sum(Action.reported_spent), 0),
        ).where(*conditions)
    ).one()
    return Figures(today.year, row[0], row[1], int(row[2]), int(row[5]), row[3], row[4])


def upcoming_actions(today: date, limit=10, **where) -> list[Action]:
    stmt = (
        _with_places(select(Action))
        .where(started_since(today, PUBLISHED), PUBLISHED, *[getattr(Action, k) == v for k, v in where.items()])
        .order_by(Action.start_date, Action.start_time, Action.id)
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


@dataclass
class SettlementOverview:
    figures: Figures
    upcoming: list
    reports: list


def settlement_overview(settlement: Settlement, today: date) -> SettlementOverview:
    return SettlementOverview(
        year_figures(today, settlement_id=settlement.id),
        upcoming_actions(today, settlement_id=settlement.id),
        latest_reports(6, settlement_id=settlement.id),
    )
