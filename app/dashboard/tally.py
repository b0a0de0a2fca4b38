"""Keeping the dashboard's precomputed figures right, whichever path writes appeals and reports.

Per appeal: its local day and month of receipt, its response time in calendar and working days and whether it was
answered late (columns on `appeal`); per month of receipt, settlement, kind and response time: how many appeals
(`appeal_month_tally`); per action: what its published reports say was spent and the date of the first one.

How they stay right:
- every ORM flush (submissions, the inbox's lifecycle steps, Open311, paper appeals, the demo, the test factories):
  the `before_flush` listener below works the appeal's columns out again when what they depend on changed, and
  turns the change into +1/-1 on the tally rows (added in SQL, so concurrent transactions never lose a count);
  after the flush, the actions whose reports changed have their spending summed again;
- the non-working-day calendar (/admin/deadlines): `calendar_changed` recomputes the working days of the answered
  appeals whose response spans a changed day, and moves their tally counts;
- bulk writes (`flask bench-data`, the migration's backfill, `flask dashboard-rebuild`): `fill_appeals`,
  `fill_actions` and `rebuild_tally` do the same in a few statements.
Core `UPDATE`s of appeals bypass the listener: they must not touch receipt, closing, status, due date, settlement or
kind (today only `support_count` is updated that way).
"""

from collections import defaultdict
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import Integer, and_, case, cast, delete, event, func, inspect, literal_column, select, update

from app.appeals.deadlines import DEFAULT_TZ, Calendar, Kind, local_date, response_time
from app.appeals.models import Appeal, AppealStatus
from app.dashboard import days
from app.dashboard.models import UNANSWERED, AppealMonthTally
from app.database import AppSession
from app.schedule.models import Action, Report

CLOSED_STATUSES = (AppealStatus.ANSWERED, AppealStatus.REJECTED, AppealStatus.FORWARDED)
# What the appeal's derived columns are worked out from.
_APPEAL_INPUTS = ("received_dt", "closed_dt", "status", "due_date", "settlement_id", "kind")
_REPORT_INPUTS = ("action_id", "published", "actual_spent", "report_date")
DERIVED = ("received_day", "received_month", "response_calendar_days", "response_working_days", "answered_late")


# --- one appeal, in Python ----------------------------------------------------------------------------------------


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def derived_values(appeal, tz: str, non_working: set[date]) -> dict:
    """The appeal's derived columns; `non_working` must cover the day after receipt to the closing day."""
    received = local_date(_aware(appeal.received_dt), tz)
    values = {"received_day": days.day_number(received), "received_month": received.year * 100 + received.month,
              "response_calendar_days": None, "response_working_days": None, "answered_late": None}
    if appeal.status in CLOSED_STATUSES and appeal.closed_dt is not None:
        received_dt, closed_dt = _aware(appeal.received_dt), _aware(appeal.closed_dt)
        closed = local_date(closed_dt, tz)
        # Counted by the deadline engine, like the due dates. A closing time before the receipt (a data error) is
        # kept visible as a negative time rather than hidden.
        first, last, sign = (received_dt, closed_dt, 1) if closed_dt >= received_dt else (closed_dt, received_dt, -1)
        took = response_time(first, last, Calendar(non_working, *sorted((received, closed))), tz)
        values["response_calendar_days"] = sign * took.calendar_days
        values["response_working_days"] = sign * took.working_days
        values["answered_late"] = closed > appeal.due_date
    return values


def _span(appeal, tz) -> tuple[date, date] | None:
    if appeal.status not in CLOSED_STATUSES or appeal.closed_dt is None or appeal.received_dt is None:
        return None
    received, closed = local_date(_aware(appeal.received_dt), tz), local_date(_aware(appeal.closed_dt), tz)
    return min(received, closed), max(received, closed)


def community_tz(connection) -> str:
    from app.community.models import Community

    return connection.scalar(select(Community.timezone).limit(1)) or DEFAULT_TZ


def non_working(connection, start: date, end: date) -> set[date]:
    """`app.workdays.queries.non_working_days` on a given connection (the flushing session's, a migration's)."""
    from app.workdays.models import CalendarOverride
    from app.workdays.queries import combine

    overrides = connection.execute(
        select(CalendarOverride.day, CalendarOverride.kind)
        .where(CalendarOverride.day >= start, CalendarOverride.day <= end)).all()
    return combine(start, end, overrides)


def tally_key(month, settlement_id, kind, calendar_days, working_days):
    kind = kind.value if isinstance(kind, Kind) else kind
    return (month, settlement_id, kind,
            UNANSWERED if calendar_days is None else calendar_days,
            UNANSWERED if working_days is None else working_days)


# --- the ORM listeners --------------------------------------------------------------------------------------------


def _changed(obj, names) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


def _before_flush(session, _context, _instances):
    session.info.pop("dashboard_tally", None)
    session.info.pop("dashboard_reports", None)
    appeals = [o for o in session.new if isinstance(o, Appeal)]
    appeals += [o for o in session.dirty if isinstance(o, Appeal) and
                (_changed(o, _APPEAL_INPUTS) or o.received_month is None)]
    gone = [o for o in session.deleted if isinstance(o, Appeal)]
    reports = [o for o in session.new | session.dirty | session.deleted
               if isinstance(o, Report) and (o in session.new or o in session.deleted or _changed(o, _REPORT_INPUTS))]
    if reports:
        # Old action ids now; new ones (of new reports of new actions too) after the flush has set them.
        old = {inspect(r).attrs.action_id.history.deleted[0] for r in reports
               if inspect(r).attrs.action_id.history.deleted}
        old.discard(None)
        session.info["dashboard_reports"] = (reports, old)
    if not appeals and not gone:
        return
    with session.no_autoflush:
        _derive(session, appeals, gone)


def _derive(session, appeals, gone):
    deltas = defaultdict(lambda: [0, 0])
    # What the tally holds for them now: their rows as stored, whatever was assigned in memory since.
    stored = [o.id for o in appeals + gone if o not in session.new and o.id is not None]
    if stored:
        rows = session.execute(
            select(Appeal.received_month, Appeal.settlement_id, Appeal.kind, Appeal.response_calendar_days,
                   Appeal.response_working_days, Appeal.answered_late)
            .where(Appeal.id.in_(stored))).all()
        for month, settlement_id, kind, cd, wd, late in rows:
            if month is not None:  # a row written before the columns existed is not in the tally either
                delta = deltas[tally_key(month, settlement_id, kind, cd, wd)]
                delta[0] -= 1
                delta[1] -= bool(late)
    derived = []
    if appeals:
        tz = community_tz(session)
        for appeal in appeals:
            if appeal.received_dt is None:
                appeal.received_dt = datetime.now(timezone.utc)  # the column default, set now to derive from it
        spans = [s for s in (_span(a, tz) for a in appeals) if s is not None]
        off = non_working(session, min(s[0] for s in spans), max(s[1] for s in spans)) if spans else set()
        for appeal in appeals:
            values = derived_values(appeal, tz, off)
            for name, value in values.items():
                if getattr(appeal, name) != value:
                    setattr(appeal, name, value)
            derived.append((appeal, values))
    # Their new tally keys are completed after the flush, once a settlement given as an object has set
    # settlement_id.
    session.info["dashboard_tally"] = (deltas, derived)


def _after_flush(session, _context):
    pending = session.info.pop("dashboard_tally", None)
    if pending:
        deltas, derived = pending
        for appeal, values in derived:
            delta = deltas[tally_key(values["received_month"], appeal.settlement_id, appeal.kind,
                                     values["response_calendar_days"], values["response_working_days"])]
            delta[0] += 1
            delta[1] += bool(values["answered_late"])
        changes = sorted((key, delta) for key, delta in deltas.items() if delta != [0, 0])
        if changes:
            add_to_tally(session, [(*key, n, late) for key, (n, late) in changes])
    pending = session.info.pop("dashboard_reports", None)
    if pending:
        reports, ids = pending
        ids |= {inspect(r).dict.get("action_id") for r in reports}
        ids.discard(None)
        if ids:
            fill_actions(session, sorted(ids))
            session.info["dashboard_stale_actions"] = ids


def _forget_stale_spending(session, _context):
    ids = session.info.pop("dashboard_stale_actions", None)
    if ids:
        for obj in list(session.identity_map.values()):
            if isinstance(obj, Action) and obj.id in ids:
                session.expire(obj, ["reported_spent", "first_report_date", "last_report_date"])


def connect():
    """Keep the derived columns and the tally in step with every flush of the application's sessions."""
    for name, listener in (("before_flush", _before_flush), ("after_flush", _after_flush),
                           ("after_flush_postexec", _forget_stale_spending)):
        if not event.contains(AppSession, name, listener):
            event.listen(AppSession, name, listener)


# --- in bulk, in SQL ----------------------------------------------------------------------------------------------


def _upsert(connection):
    table = AppealMonthTally.__table__
    if _postgres(connection):
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return table, insert(table)


def _add_on_conflict(table, stmt):
    return stmt.on_conflict_do_update(
        index_elements=[table.c.month, table.c.calendar_days, table.c.working_days, table.c.settlement_id,
                        table.c.kind],
        set_={"appeals": table.c.appeals + stmt.excluded.appeals, "late": table.c.late + stmt.excluded.late})


def add_to_tally(connection, rows):
    """Add (month, settlement_id, kind, calendar_days, working_days, appeals, late) counts to the tally."""
    table, insert = _upsert(connection)
    stmt = _add_on_conflict(table, insert)
    names = ("month", "settlement_id", "kind", "calendar_days", "working_days", "appeals", "late")
    connection.execute(stmt, [dict(zip(names, row, strict=True)) for row in rows])


# Written into the SQL rather than bound, so PostgreSQL sees the grouped expression and the selected one as the same.
_NO_DAYS = literal_column(str(UNANSWERED))


def _tally_select(where=None, sign=1):
    late = func.coalesce(func.sum(case((Appeal.answered_late.is_(True), 1), else_=0)), 0)
    stmt = select(
        Appeal.received_month, Appeal.settlement_id, Appeal.kind,
        func.coalesce(Appeal.response_calendar_days, _NO_DAYS),
        func.coalesce(Appeal.response_working_days, _NO_DAYS),
        func.count() * sign, late * sign,
    ).where(Appeal.received_month.is_not(None))
    if where is not None:
        stmt = stmt.where(where)
    return stmt.group_by(Appeal.received_month, Appeal.settlement_id, Appeal.kind,
                         func.coalesce(Appeal.response_calendar_days, _NO_DAYS),
                         func.coalesce(Appeal.response_working_days, _NO_DAYS))


_TALLY_COLUMNS = ("month", "settlement_id", "kind", "calendar_days", "working_days", "appeals", "late")


def rebuild_tally(connection):
    """Recompute the whole tally from the appeals' columns."""
    table = AppealMonthTally.__table__
    connection.execute(delete(table))
    connection.execute(table.insert().from_select(_TALLY_COLUMNS, _tally_select()))


def _move_tally(connection, where, sign):
    table, insert = _upsert(connection)
    connection.execute(_add_on_conflict(table, insert.from_select(_TALLY_COLUMNS, _tally_select(where, sign))))


def _postgres(connection) -> bool:
    """`connection`: a Connection, or a (scoped) session."""
    dialect = connection.dialect if hasattr(connection, "dialect") else connection.get_bind().dialect
    return dialect.name == "postgresql"


def fill_appeals(connection, today: date, where=None):
    """Work out every appeal's derived columns in SQL (or those matching `where`)."""
    table = Appeal.__table__
    tz = community_tz(connection)
    postgres = _postgres(connection)
    first, last = connection.execute(
        select(func.min(table.c.received_dt), func.max(table.c.closed_dt))).one()
    if first is None:
        return
    start = local_date(_aware(first), tz) - timedelta(days=1)
    end = max(local_date(_aware(last), tz) if last is not None else today, today)
    corrections = days.calendar_corrections(non_working(connection, start, end), start, end)
    received = days.local_day(table.c.received_dt, tz, postgres)
    closed = days.local_day(table.c.closed_dt, tz, postgres)
    answered = and_(table.c.status.in_([s.value for s in CLOSED_STATUSES]), table.c.closed_dt.is_not(None))
    if postgres:
        month = cast(func.to_char(func.timezone(tz, table.c.received_dt), "YYYYMM"), Integer)
    else:
        month = cast(func.strftime("%Y%m", table.c.received_dt, f"{days.utc_offset_minutes(tz):+d} minutes"), Integer)
    stmt = update(table).values(
        received_day=received,
        received_month=month,
        response_calendar_days=case((answered, closed - received)),
        response_working_days=case((answered, days.working_index(closed, corrections)
                                    - days.working_index(received, corrections))),
        answered_late=case((answered, closed > days.date_day(table.c.due_date, postgres))),
    )
    if where is not None:
        stmt = stmt.where(where)
    connection.execute(stmt)


def fill_actions(connection, ids=None):
    """Sum again what the published reports of the actions (all, or those of `ids`) say was spent."""
    action, report = Action.__table__, Report.__table__
    # The values of columns with onupdate=... (updated_dt) are kept: these are not edits of the action.
    keep = {"updated_dt": action.c.updated_dt}
    if ids is None:
        # All of them: one aggregate over the reports, joined in (a correlated sum per action would take minutes
        # on PostgreSQL before the planner has statistics of a freshly loaded table).
        sums = (select(report.c.action_id, func.sum(report.c.actual_spent).label("spent"),
                       func.min(report.c.report_date).label("first"), func.max(report.c.report_date).label("last"))
                .where(report.c.published.is_(True)).group_by(report.c.action_id).subquery())
        connection.execute(update(action).values(reported_spent=None, first_report_date=None, last_report_date=None,
                                                 **keep))
        connection.execute(update(action).where(action.c.id == sums.c.action_id).values(
            reported_spent=sums.c.spent, first_report_date=sums.c.first, last_report_date=sums.c.last, **keep))
        return
    published = and_(report.c.action_id == action.c.id, report.c.published.is_(True))
    if _postgres(connection):
        # Wait for concurrent writers of the same actions, so the sums below see their committed reports.
        connection.execute(select(action.c.id).where(action.c.id.in_(ids)).order_by(action.c.id).with_for_update())
    connection.execute(update(action).where(action.c.id.in_(ids)).values(
        reported_spent=select(func.sum(report.c.actual_spent)).where(published).scalar_subquery(),
        first_report_date=select(func.min(report.c.report_date)).where(published).scalar_subquery(),
        last_report_date=select(func.max(report.c.report_date)).where(published).scalar_subquery(),
        **keep))


def rebuild(connection, today: date):
    """Everything derived, from scratch (`flask dashboard-rebuild`, the migration's backfill)."""
    fill_appeals(connection, today)
    fill_actions(connection)
    rebuild_tally(connection)


# --- the calendar changed -----------------------------------------------------------------------------------------


def recompute_working_days(_sender, **kwargs):
    """Work out again the working days of the answered appeals whose response spans a day that changed.

    Runs inside the admin's transaction (see app.workdays.signals); their tally counts move with them.
    """
    from app.extensions import db

    changed_days = kwargs.get("days") or ()
    if not changed_days:
        return
    session = db.session
    session.flush()
    table = Appeal.__table__
    low, high = days.day_number(min(changed_days)), days.day_number(max(changed_days))
    closed_day = table.c.received_day + table.c.response_calendar_days
    spans = and_(table.c.response_calendar_days.is_not(None), table.c.received_day < high, closed_day >= low)
    first, last = session.execute(select(func.min(table.c.received_day), func.max(closed_day)).where(spans)).one()
    if first is None:
        return
    start, end = days.EPOCH + timedelta(days=first), days.EPOCH + timedelta(days=last)
    corrections = days.calendar_corrections(non_working(session, start, end), start, end)
    working = days.working_index(closed_day, corrections) - days.working_index(table.c.received_day, corrections)
    ids = list(session.scalars(select(table.c.id).where(spans, table.c.response_working_days != working)))
    for chunk in range(0, len(ids), 5000):
        where = table.c.id.in_(ids[chunk:chunk + 5000])
        _move_tally(session, where, -1)
        session.execute(update(table).where(where).values(response_working_days=working))
        _move_tally(session, where, 1)
    moved = set(ids)
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Appeal) and obj.id in moved:
            session.expire(obj, ["response_working_days"])
