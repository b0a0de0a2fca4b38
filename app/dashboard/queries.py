"""The accountability dashboard's aggregates, computed by the database (see days.py for the day arithmetic).

Every panel is a handful of grouped queries whatever the number of appeals and actions: nothing here loads rows
into Python except the few dozen group rows, the page of overdue appeals and the streamed export.
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, func, literal_column, select, text, true

from app.appeals.deadlines import Kind
from app.appeals.models import OPEN_WHERE, Appeal, AppealStatus
from app.community.models import Settlement
from app.community.queries import get_community, list_settlements
from app.dashboard import days
from app.dashboard.filters import MUNICIPALITY, DashboardFilters
from app.dashboard.models import UNANSWERED, AppealMonthTally
from app.extensions import db
from app.institutions.models import Institution
from app.program.models import DevelopmentProgram, Objective
from app.program.queries import Tally
from app.schedule.models import Action, ActionStatus, Report

# "Closed" for response times: the appeal got its answer (a refusal and a forwarding are answers too).
# A withdrawn appeal needed no answer and counts in "received" only.
CLOSED_STATUSES = (AppealStatus.ANSWERED, AppealStatus.REJECTED, AppealStatus.FORWARDED)
DEFAULT_MIN_COUNT = 10
OVERDUE_LIST_SIZE = 50
# Histogram buckets of response times in calendar days (the last one is open-ended).
BUCKETS = ((0, 5), (6, 10), (11, 15), (16, 20), (21, 30), (31, 45), (46, 60), (61, None))
Z_95 = 1.959963984540054


# --- shares and their uncertainty ---------------------------------------------------------------------------------


def wilson_interval(successes: int, total: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval of a proportion (95% by default); None when there is nothing to count."""
    if total <= 0:
        return None
    p = successes / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    margin = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    return max(0.0, centre - margin), min(1.0, centre + margin)


@dataclass(frozen=True)
class Share:
    """`successes` of `total`; shown as a percentage only from `min_count` items up, always with its interval."""

    successes: int
    total: int
    min_count: int

    @property
    def shown(self) -> bool:
        return self.total > 0 and self.total >= self.min_count

    @property
    def value(self) -> float | None:
        return self.successes / self.total if self.total else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson_interval(self.successes, self.total)

    @property
    def low(self) -> float | None:
        interval = self.interval
        return interval[0] if interval else None

    @property
    def high(self) -> float | None:
        interval = self.interval
        return interval[1] if interval else None


def min_count() -> int:
    community = get_community()
    return community.dashboard_min_count if community else DEFAULT_MIN_COUNT


# --- resolving the filters ----------------------------------------------------------------------------------------


@dataclass
class Options:
    """What the filter form offers, loaded once per request."""

    settlements: list[Settlement]
    institutions: list[Institution]


def options() -> Options:
    institutions = list(db.session.scalars(select(Institution).order_by(Institution.name_hy)))
    return Options(list_settlements(), institutions)


def resolve(filters: DashboardFilters, opts: Options) -> DashboardFilters:
    """Turn the slugs into ids; a slug that names nothing is reported and dropped."""
    if filters.settlement:
        found = {s.slug: s.id for s in opts.settlements}.get(filters.settlement)
        if found is None:
            filters.ignored.append("settlement")
            filters.settlement = None
        filters.settlement_id = found
    if filters.addressee and filters.addressee != MUNICIPALITY:
        found = {i.slug: i.id for i in opts.institutions}.get(filters.addressee)
        if found is None:
            filters.ignored.append("addressee")
            filters.addressee = None
        filters.institution_id = found
    return filters


# --- appeals ------------------------------------------------------------------------------------------------------


@dataclass
class AppealStats:
    """The figures of one group of appeals (or of all of them): `key` is a month (date), a Kind, a Settlement, an
    Institution or None (the municipality) depending on the grouping."""

    key: object = None
    received: int = 0
    open: int = 0
    closed: int = 0
    overdue: int = 0
    late: int = 0
    median_days: float | None = None
    p90_days: float | None = None
    median_working_days: float | None = None
    p90_working_days: float | None = None
    min_count: int = DEFAULT_MIN_COUNT

    @property
    def withdrawn(self) -> int:
        """Taken back by the applicant: neither open nor closed, so received = open + closed + withdrawn.

        Every appeal that is neither open nor closed is withdrawn (the only other status), so the count needs no
        read of its own. Only meaningful where the open appeals were counted (the panel, not the settlements').
        """
        return self.received - self.open - self.closed

    @property
    def on_time(self) -> int:
        return self.closed - self.late

    @property
    def on_time_share(self) -> Share:
        """Answered on time among the appeals whose outcome is known: closed ones, and open ones already overdue
        (they can no longer be answered on time; leaving them out would flatter the late)."""
        return Share(self.on_time, self.closed + self.overdue, self.min_count)


@dataclass
class Bucket:
    low: int
    high: int | None
    count: int


@dataclass
class OverdueAppeal:
    tracking_number: str
    kind: Kind
    settlement: Settlement | None
    institution: Institution | None
    received_dt: datetime
    due_date: date
    days_late: int
    holder: str | None  # the assignee's name; None for viewers and the public


@dataclass
class AppealsPanel:
    total: AppealStats
    groups: list[AppealStats]
    histogram: list[Bucket]
    overdue: list[OverdueAppeal] = field(default_factory=list)


class _AppealSql:
    """The filter conditions of one request on the appeals' stored local days (see app/dashboard/tally.py)."""

    def __init__(self, filters: DashboardFilters, today: date):
        self.filters = filters
        self.today = today
        self.first_day, self.last_day = days.day_number(filters.date_from), days.day_number(filters.date_to)
        self.conditions = [Appeal.received_day >= self.first_day, Appeal.received_day <= self.last_day,
                           *self.dimensions(Appeal)]
        self.is_open = text(f"appeal.{OPEN_WHERE}")  # see OPEN_WHERE: the partial indexes of open appeals
        self.is_closed = Appeal.status.in_(CLOSED_STATUSES)
        self.overdue = and_(self.is_open, Appeal.due_date < today)

    def dimensions(self, source) -> list:
        """The settlement, kind and addressee filters, on `Appeal` or on the tally (which has no addressee)."""
        f, conditions = self.filters, []
        if f.settlement_id is not None:
            conditions.append(source.settlement_id == f.settlement_id)
        if f.kind is not None:
            conditions.append(source.kind == f.kind.value)
        if f.addressee == MUNICIPALITY:
            conditions.append(Appeal.institution_id.is_(None))
        elif f.institution_id is not None:
            conditions.append(Appeal.institution_id == f.institution_id)
        return conditions

    def group(self, by: str, source=Appeal):
        if by == "month":
            return source.month if source is AppealMonthTally else Appeal.received_month
        if by == "kind":
            return source.kind
        if by == "settlement":
            return source.settlement_id
        return func.coalesce(Appeal.institution_id, 0)  # by addressee; 0: the municipality

    def whole_months(self, by: str) -> tuple[date, date] | None:
        """The first and last day of the whole months inside the range that the tally can answer for."""
        f = self.filters
        if by == "addressee" or f.addressee is not None:
            return None  # the tally has no addressee
        first = f.date_from if f.date_from.day == 1 else (f.date_from.replace(day=1) + timedelta(days=32)).replace(
            day=1)
        after = f.date_to + timedelta(days=1)
        last = f.date_to if after.day == 1 else f.date_to.replace(day=1) - timedelta(days=1)
        return (first, last) if first <= last else None


def _month_key(value) -> str:
    return f"{value // 100:04d}-{value % 100:02d}"


def _response_rows(sql: _AppealSql, by: str, times: bool = True):
    """(group, calendar days, working days, appeals, answered late) of the appeals received in the range.

    Whole months come from the tally; the days before and after them (or everything, when the filters or the
    grouping need the addressee) from a scan of the ix_appeal_dashboard index. Appeals without a response time
    (open, withdrawn) have UNANSWERED days. Without `times`, only (group, UNANSWERED, UNANSWERED, appeals, 0).
    """
    if not times:
        for key, appeals in _count_rows(sql, by):
            yield key, UNANSWERED, UNANSWERED, appeals, 0
        return
    months = sql.whole_months(by)
    live = [(sql.first_day, sql.last_day)]
    if months is not None:
        first, last = months
        t = AppealMonthTally
        group = sql.group(by, t)
        yield from db.session.execute(
            select(group, t.calendar_days, t.working_days, func.sum(t.appeals), func.sum(t.late))
            .where(t.month >= first.year * 100 + first.month, t.month <= last.year * 100 + last.month,
                   *sql.dimensions(t))
            .group_by(group, t.calendar_days, t.working_days))
        live = [(low, high) for low, high in ((sql.first_day, days.day_number(first) - 1),
                                              (days.day_number(last) + 1, sql.last_day)) if low <= high]
    group = sql.group(by)
    # UNANSWERED written into the SQL, so PostgreSQL sees the grouped and the selected expressions as the same.
    calendar_days = func.coalesce(Appeal.response_calendar_days, literal_column(str(UNANSWERED)))
    working_days = func.coalesce(Appeal.response_working_days, literal_column(str(UNANSWERED)))
    for low, high in live:
        yield from db.session.execute(
            select(group, calendar_days, working_days, func.count(),
                   func.count().filter(Appeal.answered_late.is_(True)))
            .where(Appeal.received_day >= low, Appeal.received_day <= high, *sql.dimensions(Appeal))
            .group_by(group, calendar_days, working_days))


def _count_rows(sql: _AppealSql, by: str):
    """(group, appeals received): `_response_rows` without the response times."""
    months = sql.whole_months(by)
    live = [(sql.first_day, sql.last_day)]
    if months is not None:
        first, last = months
        t = AppealMonthTally
        group = sql.group(by, t)
        yield from db.session.execute(
            select(group, func.sum(t.appeals))
            .where(t.month >= first.year * 100 + first.month, t.month <= last.year * 100 + last.month,
                   *sql.dimensions(t))
            .group_by(group))
        live = [(low, high) for low, high in ((sql.first_day, days.day_number(first) - 1),
                                              (days.day_number(last) + 1, sql.last_day)) if low <= high]
    group = sql.group(by)
    for low, high in live:
        yield from db.session.execute(
            select(group, func.count())
            .where(Appeal.received_day >= low, Appeal.received_day <= high, *sql.dimensions(Appeal))
            .group_by(group))


def _open_rows(sql: _AppealSql, by: str):
    """(group, open, overdue) of the open appeals received in the range (a partial index holds only those)."""
    group = sql.group(by)
    return db.session.execute(
        select(group, func.count(), func.count().filter(Appeal.due_date < sql.today))
        .where(*sql.conditions, sql.is_open)
        .group_by(group))


def _appeal_groups(sql: _AppealSql, by: str, with_open: bool = True, times: bool = True) -> tuple[dict, dict]:
    """{group key: [received, open, closed, overdue, late]} and {group key: Counter {(calendar days, working
    days): closed appeals}}.

    Response times are small whole numbers (days), so the database returns how many appeals took each number of
    days rather than the appeals themselves: a few thousand rows for a million appeals. Medians, 90th percentiles
    (interpolated between ranks like PostgreSQL's percentile_cont), the histogram and the totals over all groups
    are then read off these frequency tables.
    """
    counts, distributions = {}, {}
    month = by == "month"
    for key, cal, work, appeals, late in _response_rows(sql, by, times):
        if not appeals:
            continue
        key = _month_key(key) if month else key
        row = counts.setdefault(key, [0, 0, 0, 0, 0])
        row[0] += appeals
        if cal != UNANSWERED:
            row[2] += appeals
            row[4] += late
            distributions.setdefault(key, Counter())[(int(cal), int(work))] += int(appeals)
    if with_open:
        for key, opened, overdue in _open_rows(sql, by):
            key = _month_key(key) if month else key
            row = counts.setdefault(key, [0, 0, 0, 0, 0])
            row[1] += opened
            row[3] += overdue
    return {key: tuple(int(v) for v in row) for key, row in counts.items()}, distributions


def percentile(frequencies: dict[int, int], fraction: float) -> float | None:
    """The percentile of a distribution given as {value: count}, interpolated between the two ranks around
    fraction * (n - 1) (0-based), exactly as percentile_cont does over the expanded values."""
    n = sum(frequencies.values())
    if n == 0:
        return None
    position = fraction * (n - 1)
    below_rank = math.floor(position)
    wanted = {below_rank, min(below_rank + 1, n - 1)}
    found, seen = {}, 0
    for value in sorted(frequencies):
        count = frequencies[value]
        for rank in wanted:
            if seen <= rank < seen + count:
                found[rank] = value
        seen += count
        if len(found) == len(wanted):
            break
    below, above = found[below_rank], found[min(below_rank + 1, n - 1)]
    return below + (above - below) * (position - below_rank)


def _fill_times(stats: AppealStats, pairs: Counter):
    calendar, working = Counter(), Counter()
    for (cal, work), count in pairs.items():
        calendar[cal] += count
        working[work] += count
    stats.median_days, stats.p90_days = percentile(calendar, 0.5), percentile(calendar, 0.9)
    stats.median_working_days, stats.p90_working_days = percentile(working, 0.5), percentile(working, 0.9)


def _histogram(pairs: Counter) -> list[Bucket]:
    buckets = [Bucket(low, high, 0) for low, high in BUCKETS]
    for (cal, _work), count in pairs.items():
        for bucket in buckets:
            if bucket.high is None or cal <= bucket.high:
                bucket.count += count
                break
    return buckets


def _group_keys(by: str, filters: DashboardFilters, opts: Options, stats: dict) -> list:
    """Every group in a stable order, including the ones with no appeals (a month with none is a fact too)."""
    if by == "month":
        months, day = [], filters.date_from.replace(day=1)
        while day <= filters.date_to and len(months) < 120:
            months.append(day.strftime("%Y-%m"))
            day = (day + timedelta(days=32)).replace(day=1)
        return months
    if by == "kind":
        return [kind.value for kind in Kind]
    if by == "settlement":
        return [s.id for s in opts.settlements if filters.settlement_id in (None, s.id)]
    return [0] + [i.id for i in opts.institutions if i.id in stats]


def _group_object(by: str, key, opts: Options):
    if by == "month":
        year, month = key.split("-")
        return date(int(year), int(month), 1)
    if by == "kind":
        return Kind(key)
    if by == "settlement":
        return {s.id: s for s in opts.settlements}.get(key)
    return {i.id: i for i in opts.institutions}.get(key)  # None: the municipality


def appeals_panel(filters: DashboardFilters, opts: Options, today: date, *, overdue_list: bool = False,
                  holders: bool = False) -> AppealsPanel:
    """Appeals received in the filtered range: counts, response times, on-time share, by the chosen grouping.

    A few grouped reads whatever the number of appeals; the figures for all groups together are sums of the groups'.
    `overdue_list` adds the open appeals past their due date (staff only); `holders` names who holds each one
    (officers and admins; viewers see no names).
    """
    floor = min_count()
    sql = _AppealSql(filters, today)
    counts, distributions = _appeal_groups(sql, filters.by)
    total = AppealStats(min_count=floor)
    all_pairs = Counter()
    for values in counts.values():
        for name, value in zip(("received", "open", "closed", "overdue", "late"), values, strict=True):
            setattr(total, name, getattr(total, name) + value)
    for pairs in distributions.values():
        all_pairs.update(pairs)
    _fill_times(total, all_pairs)
    groups = []
    for key in _group_keys(filters.by, filters, opts, counts):
        item = AppealStats(_group_object(filters.by, key, opts), *counts.get(key, (0, 0, 0, 0, 0)), min_count=floor)
        _fill_times(item, distributions.get(key, Counter()))
        groups.append(item)
    panel = AppealsPanel(total, groups, _histogram(all_pairs))
    if overdue_list:
        panel.overdue = _overdue(sql, opts, today, holders)
    return panel


def _overdue(sql: _AppealSql, opts: Options, today: date, holders: bool) -> list[OverdueAppeal]:
    from app.accounts.models import User

    rows = db.session.execute(
        select(Appeal.tracking_number, Appeal.kind, Appeal.settlement_id, Appeal.institution_id, Appeal.received_dt,
               Appeal.due_date, User.full_name)
        .outerjoin(User, User.id == Appeal.assignee_id)
        .where(*sql.conditions, sql.overdue)
        .order_by(Appeal.due_date, Appeal.id)
        .limit(OVERDUE_LIST_SIZE)
    ).all()
    settlements = {s.id: s for s in opts.settlements}
    institutions = {i.id: i for i in opts.institutions}
    return [
        OverdueAppeal(number, kind, settlements.get(settlement_id), institutions.get(institution_id), received,
                      due, (today - due).days, holder if holders else None)
        for number, kind, settlement_id, institution_id, received, due, holder in rows
    ]


# Columns of the appeals lifecycle export: no personal data (see tests/test_dashboard.py, which holds the list).
LIFECYCLE_COLUMNS = ("tracking_number", "kind", "channel", "settlement", "addressee", "status", "received_dt",
                     "registered_dt", "first_action_dt", "extended_dt", "closed_dt", "due_date", "original_due_date",
                     "calendar_days", "working_days", "late")


def appeal_lifecycles(filters: DashboardFilters, opts: Options, today: date):
    """Every filtered appeal's lifecycle timestamps and response time, streamed (no personal data)."""
    sql = _AppealSql(filters, today)
    settlements = {s.id: s.slug for s in opts.settlements}
    institutions = {i.id: i.slug for i in opts.institutions}
    stmt = (
        select(Appeal.tracking_number, Appeal.kind, Appeal.channel, Appeal.settlement_id, Appeal.institution_id,
               Appeal.status, Appeal.received_dt, Appeal.registered_dt, Appeal.first_action_dt, Appeal.extended_dt,
               Appeal.closed_dt, Appeal.due_date, Appeal.original_due_date,
               Appeal.response_calendar_days, Appeal.response_working_days,
               case((Appeal.answered_late.is_(True), 1), (Appeal.answered_late.is_(False), 0), (sql.overdue, 1)))
        .where(*sql.conditions)
        .order_by(Appeal.received_dt, Appeal.id)
        .execution_options(yield_per=2000)
    )
    for row in db.session.execute(stmt):
        (number, kind, channel, settlement_id, institution_id, status, received, registered, first_action, extended,
         closed, due, original_due, calendar_days, working_days, late) = row
        yield (number, kind, channel, settlements.get(settlement_id), institutions.get(institution_id, MUNICIPALITY),
               status, received, registered, first_action, extended, closed, due, original_due, calendar_days,
               working_days, None if late is None else bool(late))


# --- actions: institutions, program, settlements -----------------------------------------------------------------


def _action_conditions(filters: DashboardFilters):
    # "= true", not "IS true": PostgreSQL matches only the former to the first column of ix_action_dashboard.
    conditions = [Action.published == true(), Action.start_date >= filters.date_from,
                  Action.start_date <= filters.date_to]
    if filters.settlement_id is not None:
        conditions.append(Action.settlement_id == filters.settlement_id)
    return conditions


# What the published reports of an action say was spent (NULL while none says) and the date of the first one: kept
# on the action by app/dashboard/tally.py, so no panel sums the reports per request.
SPENT = Action.reported_spent
FIRST_REPORT = Action.first_report_date
ACTIONS = func.count()  # count(*), so the ix_action_dashboard index answers alone


def _by(column):
    """A column to group actions by, written `column + 0` so that SQLite does not walk the (institution, start) or
    (settlement, start) index for the sake of the grouping order, fetching every row from the table, instead of
    reading the range from the covering ix_action_dashboard index and sorting a few dozen groups."""
    return (column + literal_column("0")).label(column.key)

NOT_CANCELLED = Action.status != ActionStatus.CANCELLED
PLANNED_BUDGET = func.coalesce(func.sum(case((NOT_CANCELLED, Action.budget_planned), else_=0)), 0)


@dataclass
class InstitutionRecord:
    institution: Institution
    actions: int = 0
    planned: int = 0  # planned or in progress
    done: int = 0
    postponed: int = 0
    cancelled: int = 0
    reports_overdue: int = 0
    budget_planned: int = 0
    spent: int = 0
    # The planned budget of the actions whose reports give a spent amount: the variance compares like with like.
    planned_of_reported: int = 0
    last_report: date | None = None
    days_since_report: int | None = None
    reporting: Share | None = None
    rank: int | None = None

    @property
    def variance(self) -> int:
        return self.spent - self.planned_of_reported


def institutions_panel(filters: DashboardFilters, opts: Options, today: date) -> list[InstitutionRecord]:
    """Each institution's actions in the range by status, overdue reports, budget against spending, last report,
    ranked by the lower bound of its on-time reporting share (so one action reported on time does not top the list).
    """
    community = get_community()
    grace = community.report_overdue_days if community else 7
    floor = min_count()
    cutoff = today - timedelta(days=grace)
    postgres = days.is_postgres(db.session)
    due_for_report = and_(NOT_CANCELLED, Action.end_date < cutoff)
    reported_in_time = and_(
        due_for_report, FIRST_REPORT.is_not(None),
        days.date_day(FIRST_REPORT, postgres) - days.date_day(Action.end_date, postgres) <= grace,
    )
    institution = _by(Action.institution_id)
    rows = db.session.execute(
        select(
            institution,
            ACTIONS,
            ACTIONS.filter(Action.status.in_((ActionStatus.PLANNED, ActionStatus.IN_PROGRESS))),
            ACTIONS.filter(Action.status == ActionStatus.DONE),
            ACTIONS.filter(Action.status == ActionStatus.POSTPONED),
            ACTIONS.filter(Action.status == ActionStatus.CANCELLED),
            ACTIONS.filter(and_(due_for_report, FIRST_REPORT.is_(None))),
            PLANNED_BUDGET,
            func.coalesce(func.sum(SPENT), 0),
            func.coalesce(func.sum(case((SPENT.is_not(None), Action.budget_planned), else_=0)), 0),
            ACTIONS.filter(due_for_report),
            ACTIONS.filter(reported_in_time),
        )
        .where(*_action_conditions(filters))
        .group_by(institution)
    ).all()
    last_reports = _last_reports(today)
    by_id = {row[0]: row for row in rows}
    records = []
    for institution in opts.institutions:
        if filters.settlement_id is not None and institution.settlement_id != filters.settlement_id \
                and institution.id not in by_id:
            continue
        record = InstitutionRecord(institution)
        row = by_id.get(institution.id)
        if row is not None:
            (_, record.actions, record.planned, record.done, record.postponed, record.cancelled,
             record.reports_overdue, budget, spent_total, planned_of_reported, due, in_time) = row
            record.budget_planned, record.spent = int(budget), int(spent_total)
            record.planned_of_reported = int(planned_of_reported)
            record.reporting = Share(in_time, due, floor)
        record.last_report = last_reports.get(institution.id)
        if record.last_report is not None:
            record.days_since_report = (today - record.last_report).days
        records.append(record)

    def order(record):
        share = record.reporting
        low = share.low if share is not None and share.total else -1.0
        return (-low, record.institution.name_hy)

    records.sort(key=order)
    for position, record in enumerate(records, start=1):
        if record.reporting is not None and record.reporting.total:
            record.rank = position
    return records


def _last_reports(today: date) -> dict[int, date]:
    """{institution id: the date of its latest published report up to today}, by a few index seeks each."""
    institution = Institution.id
    mine = and_(Action.institution_id == institution, Action.published == true())
    latest = select(func.max(Action.last_report_date)).where(mine, Action.last_report_date <= today)
    # An action whose latest report is dated after today may have earlier ones that count.
    earlier = (select(func.max(Report.report_date))
               .select_from(Action).join(Report, Report.action_id == Action.id)
               .where(mine, Action.last_report_date > today, Report.published.is_(True), Report.report_date <= today))
    found = {}
    for institution_id, *dates in db.session.execute(
            select(institution, latest.scalar_subquery(), earlier.scalar_subquery())):
        dates = [d for d in dates if d is not None]
        if dates:
            found[institution_id] = max(dates)
    return found


@dataclass
class ProgramPanel:
    program: DevelopmentProgram | None
    by_goal: dict[int, Tally]
    by_objective: dict[int, Tally]
    uncovered: list[Objective]
    total: Tally

    @property
    def objectives(self) -> int:
        return len(self.by_objective)

    @property
    def covered(self) -> int:
        return self.objectives - len(self.uncovered)


def program_panel(filters: DashboardFilters) -> ProgramPanel:
    """Per goal and objective of the program in force: actions, budget, share done; objectives with no action.

    The program page's counting (`app.program.queries.program_tallies`), for the actions starting in the range.
    """
    from app.program.queries import get_current_program

    program = get_current_program()
    if program is None:
        return ProgramPanel(None, {}, {}, [], Tally())
    from app.program.queries import program_tallies

    by_goal, by_objective, total = program_tallies(program, _action_conditions(filters))
    uncovered = [o for goal in program.goals for o in goal.objectives if not by_objective[o.id].actions]
    return ProgramPanel(program, by_goal, by_objective, uncovered, total)


@dataclass
class SettlementShare:
    settlement: Settlement
    actions: int = 0
    budget_planned: int = 0
    spent: int = 0
    appeals: int = 0

    @property
    def population(self) -> int | None:
        return self.settlement.population or None

    def _per(self, amount, residents=1):
        return amount * residents / self.population if self.population else None

    @property
    def planned_per_resident(self):
        return self._per(self.budget_planned)

    @property
    def spent_per_resident(self):
        return self._per(self.spent)

    @property
    def appeals_per_thousand(self):
        return self._per(self.appeals, 1000)


def settlements_panel(filters: DashboardFilters, opts: Options, today: date) -> list[SettlementShare]:
    """Per settlement: actions, budget planned and spent (in total and per resident), appeals per 1,000 residents."""
    settlement = _by(Action.settlement_id)
    actions = {row[0]: row[1:] for row in db.session.execute(
        select(settlement, ACTIONS, PLANNED_BUDGET, func.coalesce(func.sum(SPENT), 0))
        .where(*_action_conditions(filters))
        .group_by(settlement)
    )}
    counts, _ = _appeal_groups(_AppealSql(filters, today), "settlement", with_open=False, times=False)
    appeals = {key: row[0] for key, row in counts.items()}
    shares = []
    for settlement in opts.settlements:
        if filters.settlement_id not in (None, settlement.id):
            continue
        count, planned, spent_total = actions.get(settlement.id, (0, 0, 0))
        shares.append(SettlementShare(settlement, count, int(planned), int(spent_total),
                                      appeals.get(settlement.id, 0)))
    return shares
