"""Day arithmetic done by the database: the bulk fills of app/dashboard/tally.py (a migration, `flask
dashboard-rebuild`, a calendar change) work out a million appeals' response times in a few statements.

Every date becomes a *day number*: whole days since 1970-01-01, in the community's time zone for moments (an appeal
received at 23:30 UTC is received on the next local day in Yerevan). Differences of day numbers are calendar days.

Working days cannot come from a calendar table joined per appeal without making a million-row aggregate slow, so
they are computed arithmetically:

    working index W(n) = the number of Monday-to-Friday days up to and including day n (from a fixed Monday)
                       + A(n), the correction for the community's calendar up to day n:
                         -1 for each public holiday or extra holiday on a weekday,
                         +1 for each weekend day moved to a working day by decree.

The working days after the day of receipt up to and including the closing day are then W(closed) - W(received),
exactly what `app.appeals.deadlines.response_time` counts. A(n) is one CASE over the (few dozen) corrections of the
range being shown, their running totals worked out in Python from `app.workdays.queries.non_working_days`; it costs a
comparison or two per row, with no subquery and no join.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Date, Integer, case, cast, func, literal, literal_column

EPOCH = date(1970, 1, 1)  # a Thursday
_JULIAN_EPOCH = 2440587.5  # SQLite's julianday('1970-01-01')
_PG_EPOCH = literal_column("DATE '1970-01-01'", type_=Date)


def day_number(day: date) -> int:
    return (day - EPOCH).days


def is_postgres(session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def utc_offset_minutes(tz: str) -> int:
    """The zone's current offset. SQLite has no time-zone database: a fixed offset is exact for zones without summer
    time (Asia/Yerevan has been UTC+4 all year since 2012); PostgreSQL uses the real zone rules."""
    return int(datetime.now(ZoneInfo(tz)).utcoffset().total_seconds() // 60)


def local_day(column, tz: str, postgres: bool):
    """The local day number of a UTC moment column."""
    if postgres:
        return cast(cast(func.timezone(tz, column), Date) - _PG_EPOCH, Integer)
    shifted = func.date(column, f"{utc_offset_minutes(tz):+d} minutes")
    return cast(func.julianday(shifted) - _JULIAN_EPOCH, Integer)


def date_day(column, postgres: bool):
    """The day number of a DATE column."""
    if postgres:
        return cast(column - _PG_EPOCH, Integer)
    return cast(func.julianday(column) - _JULIAN_EPOCH, Integer)


def weekday_index(n):
    """Monday-to-Friday days up to and including day number n, counted from the Monday before the epoch.

    Day 0 (1970-01-01) is a Thursday, the 4th day of its week, so n + 4 days have passed since that Monday began.
    Integer division is exact here: day numbers of appeals are positive.
    """
    passed = n + 4
    rest = passed % 7
    return literal(5) * (passed // 7) + case((rest > 5, 5), else_=rest)


def calendar_corrections(non_working: set[date], start: date, end: date) -> list[tuple[int, int]]:
    """(day number, running total of corrections) for each day from start to end where the community's calendar
    differs from plain Monday-to-Friday (see the module docstring)."""
    corrections, total = [], 0
    day = start
    while day <= end:
        weekend = day.weekday() >= 5
        off = day in non_working
        if off != weekend:
            total += -1 if off else 1
            corrections.append((day_number(day), total))
        day += timedelta(days=1)
    return corrections


def working_index(n, corrections: list[tuple[int, int]]):
    """W(n): the working-day index of day number n under the given corrections."""
    if not corrections:
        return weekday_index(n)
    whens = [(n >= day, total) for day, total in reversed(corrections)]
    return weekday_index(n) + case(*whens, else_=0)


