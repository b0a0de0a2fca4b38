"""The deadline engine (app/appeals/deadlines.py): table-driven, every expected date worked out by hand in a comment.

Pure tests: no database, no app. The calendar is built here from the `holidays` package (AM, category "public") plus
weekends, exactly as `app.workdays.queries.combine` does (a test checks they agree), with the admin's overrides passed
in as plain sets. Times are given in Yerevan local time (UTC+4, no DST) and converted to UTC, as the app stores them.

2026 public holidays used below: Thu 1 Jan, Fri 2 Jan, Tue 6 Jan, Tue 27 Jan, Wed 28 Jan, Sun 8 Mar, Fri 24 Apr,
Fri 1 May, Sat 9 May, Thu 28 May, Sun 5 Jul, Mon 21 Sep, Thu 31 Dec; 2025: Wed 31 Dec.
"""

import dataclasses
from datetime import date, datetime, time, timedelta, timezone
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import holidays
import pytest

from app.appeals.deadlines import (
    DEFAULT_RULES,
    PETITION_KINDS,
    Calendar,
    CalendarRangeError,
    Counting,
    ExtensionError,
    ExtensionFrom,
    Kind,
    Refusal,
    Rule,
    Unit,
    add_months,
    answered_late,
    calendar_for,
    due_date,
    extend,
    is_overdue,
    latest_notice_date,
    local_date,
    recompute,
    response_time,
)

# Pure date arithmetic, never the database under test: `make test` runs it once.
pytestmark = pytest.mark.once

UTC = timezone.utc
YEREVAN = ZoneInfo("Asia/Yerevan")
YEARS = range(2025, 2030)
CAL_START, CAL_END = date(2025, 11, 1), date(2029, 6, 30)

INFO = DEFAULT_RULES[Kind.INFORMATION_REQUEST]
COMPLAINT = DEFAULT_RULES[Kind.COMPLAINT]
# The admin switched information requests to working days.
INFO_WORKING = dataclasses.replace(INFO, counting="working")
# A plain 30-calendar-day limit that cannot be extended.
THIRTY_DAYS = Rule(Kind.APPLICATION, 30, "days", "calendar")
# A petition whose extension is given in days (at most 30) instead of one month.
COMPLAINT_DAYS_EXTENSION = dataclasses.replace(COMPLAINT, extension_limit=30, extension_unit="days")


def d(iso: str) -> date:
    return date.fromisoformat(iso)


def days(*isos: str) -> tuple[date, ...]:
    return tuple(d(iso) for iso in isos)


def at(iso: str, hour: int = 10, minute: int = 0, second: int = 0) -> datetime:
    """A moment given in Yerevan local time, returned in UTC as the app stores it."""
    return datetime.combine(d(iso), time(hour, minute, second), tzinfo=YEREVAN).astimezone(UTC)


def utc(iso_datetime: str) -> datetime:
    return datetime.fromisoformat(iso_datetime).replace(tzinfo=UTC)


def _every_day(start: date, end: date):
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


@pytest.fixture(scope="module")
def am_public():
    """The Armenian public holidays the product uses: the `holidays` package, country AM, category public only."""
    return set(holidays.country_holidays("AM", years=YEARS, categories=("public",)))


@pytest.fixture(scope="module")
def non_working(am_public):
    """non_working(start, end, extra, worked): weekends + public holidays + extra holidays − moved working days."""

    def build(start, end, extra=(), worked=()):
        found = {day for day in _every_day(start, end) if day.weekday() >= 5 or day in am_public}
        found |= {day for day in extra if start <= day <= end}
        return found - set(worked)

    return build


@pytest.fixture(scope="module")
def make_calendar(non_working):
    def make(extra=(), worked=()):
        return Calendar(non_working(CAL_START, CAL_END, extra, worked), CAL_START, CAL_END)

    return make


@pytest.fixture(scope="module")
def cal(make_calendar):
    return make_calendar()


# --- the facts the hand-worked cases rest on ------------------------------------------------------------------------


def test_public_holidays_the_cases_rely_on(am_public):
    assert {d("2025-12-31"), d("2026-01-01"), d("2026-01-02"), d("2026-01-06")} <= am_public  # New Year, Christmas
    assert {d("2026-01-27"), d("2026-01-28"), d("2026-04-24"), d("2026-05-01"), d("2026-05-28")} <= am_public
    assert d("2026-01-05") not in am_public and d("2026-01-03") not in am_public


def test_workday_category_is_not_used(am_public, cal, non_working):
    from app.workdays import queries

    workday = holidays.country_holidays("AM", years=2026, categories=("workday",))
    # Saint Vardanants' Day (Thu 19 Feb 2026) is a commemorative day that is worked: in "workday", not in "public".
    assert d("2026-02-19") in workday
    assert d("2026-02-19") not in am_public
    # The categories overlap only on Sun 5 Jul 2026 (Constitution Day, also State Symbols' Day).
    assert set(workday) & am_public == {d("2026-07-05")}
    assert cal.is_working(d("2026-02-19"))
    # Information request received Sat 14 Feb 2026: 14 + 5 = Thu 19 Feb, a working day, so not moved.
    deadline = due_date(at("2026-02-14"), INFO, cal)
    assert (deadline.due_date, deadline.moved_over) == (d("2026-02-19"), ())
    # The app's own calendar uses the public category only, and builds the same days as this test's fixture.
    assert queries.CATEGORIES == ("public",)
    start, end = d("2025-12-01"), d("2027-12-31")
    assert queries.combine(start, end, []) == non_working(start, end)
    overrides = [
        SimpleNamespace(day=d("2026-03-16"), kind=queries.OverrideKind.HOLIDAY),
        SimpleNamespace(day=d("2026-03-14"), kind=queries.OverrideKind.WORKDAY),
    ]
    assert queries.combine(start, end, overrides) == non_working(
        start, end, extra=days("2026-03-16"), worked=days("2026-03-14")
    )


def test_default_rules_follow_product_md():
    assert INFO == Rule(
        kind=Kind.INFORMATION_REQUEST,
        limit=5,
        unit=Unit.DAYS,
        counting=Counting.CALENDAR,
        extension_limit=30,
        extension_unit=Unit.DAYS,
        notice_within_days_of_receipt=5,
        notice_working_days_before_due=None,
        extension_from=ExtensionFrom.RECEIPT,
    )
    assert set(DEFAULT_RULES) == set(Kind)
    for kind in PETITION_KINDS:
        rule = DEFAULT_RULES[kind]
        assert (rule.kind, rule.limit, rule.unit, rule.counting) == (kind, 1, "months", "calendar")
        assert (rule.extension_limit, rule.extension_unit, rule.extension_from) == (1, "months", "due_date")
        assert (rule.notice_working_days_before_due, rule.notice_within_days_of_receipt) == (3, None)


# --- due dates ------------------------------------------------------------------------------------------------------

DUE_DATE_CASES = [
    # Received Fri 17 Apr 2026: 17 + 5 = Wed 22 Apr, a working day.
    pytest.param(INFO, at("2026-04-17"), "2026-04-17", "2026-04-22", "2026-04-22", (), (), id="info-received-friday"),
    # Received Mon 9 Mar: 9 + 5 = Sat 14 Mar -> Sun 15 -> Mon 16 Mar.
    pytest.param(
        INFO,
        at("2026-03-09"),
        "2026-03-09",
        "2026-03-14",
        "2026-03-16",
        (),
        days("2026-03-14", "2026-03-15"),
        id="info-due-saturday-moves-to-monday",
    ),
    # Received Thu 23 Apr, the eve of Fri 24 Apr (holiday): calendar days count the holiday; 23 + 5 = Tue 28 Apr.
    pytest.param(INFO, at("2026-04-23"), "2026-04-23", "2026-04-28", "2026-04-28", (), (), id="info-eve-of-holiday"),
    # Received Sun 19 Apr: 19 + 5 = Fri 24 Apr (holiday) -> Sat 25 -> Sun 26 -> Mon 27 Apr.
    pytest.param(
        INFO,
        at("2026-04-19"),
        "2026-04-19",
        "2026-04-24",
        "2026-04-27",
        (),
        days("2026-04-24", "2026-04-25", "2026-04-26"),
        id="info-due-on-holiday-friday",
    ),
    # Received Wed 31 Dec 2025 (New Year's Eve, itself a holiday): 31 Dec + 5 = Mon 5 Jan 2026, a working day.
    pytest.param(INFO, at("2025-12-31"), "2025-12-31", "2026-01-05", "2026-01-05", (), (), id="info-on-31-december"),
    # Received Sun 28 Dec 2025: + 5 = Fri 2 Jan (New Year) -> Sat 3 -> Sun 4 -> Mon 5 Jan.
    pytest.param(
        INFO,
        at("2025-12-28"),
        "2025-12-28",
        "2026-01-02",
        "2026-01-05",
        (),
        days("2026-01-02", "2026-01-03", "2026-01-04"),
        id="info-across-new-year",
    ),
    # Received Thu 1 Jan 2026: + 5 = Tue 6 Jan (Christmas) -> Wed 7 Jan.
    pytest.param(
        INFO,
        at("2026-01-01"),
        "2026-01-01",
        "2026-01-06",
        "2026-01-07",
        (),
        days("2026-01-06"),
        id="info-due-on-christmas",
    ),
    # Received Thu 22 Jan 2026: + 5 = Tue 27 Jan (holiday) -> Wed 28 (Army Day) -> Thu 29 Jan.
    pytest.param(
        INFO,
        at("2026-01-22"),
        "2026-01-22",
        "2026-01-27",
        "2026-01-29",
        (),
        days("2026-01-27", "2026-01-28"),
        id="info-due-on-27-january",
    ),
    # Received Fri 23 Jan 2026: + 5 = Wed 28 Jan (Army Day) -> Thu 29 Jan.
    pytest.param(
        INFO,
        at("2026-01-23"),
        "2026-01-23",
        "2026-01-28",
        "2026-01-29",
        (),
        days("2026-01-28"),
        id="info-due-on-28-january",
    ),
    # Working days, received Thu 12 Mar: Fri 13 (1), skip Sat 14 + Sun 15, Mon 16 (2), 17 (3), 18 (4), Thu 19 (5).
    pytest.param(
        INFO_WORKING,
        at("2026-03-12"),
        "2026-03-12",
        "2026-03-19",
        "2026-03-19",
        days("2026-03-14", "2026-03-15"),
        (),
        id="working-days-over-a-weekend",
    ),
    # Working days, received Fri 13 Mar: skip 14, 15; Mon 16 (1) .. Fri 20 (5).
    pytest.param(
        INFO_WORKING,
        at("2026-03-13"),
        "2026-03-13",
        "2026-03-20",
        "2026-03-20",
        days("2026-03-14", "2026-03-15"),
        (),
        id="working-days-received-friday",
    ),
    # Working days, received Sat 14 Mar (not counted): skip Sun 15; Mon 16 (1) .. Fri 20 (5).
    pytest.param(
        INFO_WORKING,
        at("2026-03-14"),
        "2026-03-14",
        "2026-03-20",
        "2026-03-20",
        days("2026-03-15"),
        (),
        id="working-days-received-saturday",
    ),
    # Working days, received Wed 27 May, eve of Republic Day: skip Thu 28; Fri 29 (1); skip 30, 31; Mon 1 Jun (2),
    # Tue 2 (3), Wed 3 (4), Thu 4 Jun (5).
    pytest.param(
        INFO_WORKING,
        at("2026-05-27"),
        "2026-05-27",
        "2026-06-04",
        "2026-06-04",
        days("2026-05-28", "2026-05-30", "2026-05-31"),
        (),
        id="working-days-eve-of-holiday",
    ),
    # Working days, received Wed 31 Dec 2025: skip 1, 2 (New Year), 3, 4 (weekend); Mon 5 (1); skip 6 (Christmas);
    # Wed 7 (2), Thu 8 (3), Fri 9 (4); skip 10, 11; Mon 12 Jan (5).
    pytest.param(
        INFO_WORKING,
        at("2025-12-31"),
        "2025-12-31",
        "2026-01-12",
        "2026-01-12",
        days("2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04", "2026-01-06", "2026-01-10", "2026-01-11"),
        (),
        id="working-days-across-new-year",
    ),
    # Working days, received Mon 26 Jan 2026: skip 27, 28 (holidays); Thu 29 (1), Fri 30 (2); skip 31 Jan, 1 Feb;
    # Mon 2 (3), Tue 3 (4), Wed 4 Feb (5).
    pytest.param(
        INFO_WORKING,
        at("2026-01-26"),
        "2026-01-26",
        "2026-02-04",
        "2026-02-04",
        days("2026-01-27", "2026-01-28", "2026-01-31", "2026-02-01"),
        (),
        id="working-days-around-27-28-january",
    ),
    # 30 calendar days from Wed 25 Mar: 25 Mar + 6 = 31 Mar, + 24 = Fri 24 Apr (holiday) -> Sat 25 -> Sun 26 -> Mon 27.
    pytest.param(
        THIRTY_DAYS,
        at("2026-03-25"),
        "2026-03-25",
        "2026-04-24",
        "2026-04-27",
        (),
        days("2026-04-24", "2026-04-25", "2026-04-26"),
        id="thirty-days-ending-on-a-holiday",
    ),
    # One month from Sat 31 Jan 2026: February 2026 has 28 days -> Sat 28 Feb -> Sun 1 Mar -> Mon 2 Mar.
    pytest.param(
        COMPLAINT,
        at("2026-01-31"),
        "2026-01-31",
        "2026-02-28",
        "2026-03-02",
        (),
        days("2026-02-28", "2026-03-01"),
        id="month-from-31-january-non-leap",
    ),
    # One month from Mon 31 Jan 2028: leap year -> Tue 29 Feb 2028, a working day.
    pytest.param(
        COMPLAINT, at("2028-01-31"), "2028-01-31", "2028-02-29", "2028-02-29", (), (), id="month-from-31-january-leap"
    ),
    # One month from Tue 29 Feb 2028: same day number -> Wed 29 Mar 2028 (not the end of March).
    pytest.param(
        COMPLAINT, at("2028-02-29"), "2028-02-29", "2028-03-29", "2028-03-29", (), (), id="month-from-29-february-leap"
    ),
    # One month from Sat 28 Feb 2026: same day number -> Sat 28 Mar (not 31 Mar) -> Sun 29 -> Mon 30 Mar.
    pytest.param(
        COMPLAINT,
        at("2026-02-28"),
        "2026-02-28",
        "2026-03-28",
        "2026-03-30",
        (),
        days("2026-03-28", "2026-03-29"),
        id="month-from-28-february-non-leap",
    ),
    # One month from Tue 31 Mar 2026: April has 30 days -> Thu 30 Apr, a working day (1 May is the holiday).
    pytest.param(
        COMPLAINT, at("2026-03-31"), "2026-03-31", "2026-04-30", "2026-04-30", (), (), id="month-from-31-march"
    ),
    # One month from Wed 1 Apr: Fri 1 May (Labour Day) -> Sat 2 -> Sun 3 -> Mon 4 May.
    pytest.param(
        COMPLAINT,
        at("2026-04-01"),
        "2026-04-01",
        "2026-05-01",
        "2026-05-04",
        (),
        days("2026-05-01", "2026-05-02", "2026-05-03"),
        id="month-ending-on-labour-day",
    ),
    # One month from Wed 31 Dec 2025: Sat 31 Jan 2026 -> Sun 1 Feb -> Mon 2 Feb.
    pytest.param(
        DEFAULT_RULES[Kind.PROPOSAL],
        at("2025-12-31"),
        "2025-12-31",
        "2026-01-31",
        "2026-02-02",
        (),
        days("2026-01-31", "2026-02-01"),
        id="month-from-31-december",
    ),
    # 23:30 UTC on 31 Dec 2025 is 03:30 on 1 Jan 2026 in Yerevan: received 1 Jan; + 5 = Tue 6 Jan (Christmas) -> Wed 7.
    pytest.param(
        INFO,
        utc("2025-12-31T23:30"),
        "2026-01-01",
        "2026-01-06",
        "2026-01-07",
        (),
        days("2026-01-06"),
        id="utc-2330-on-31-december-is-1-january",
    ),
    # 19:59 UTC on 31 Dec is 23:59 in Yerevan: still 31 Dec; + 5 = Mon 5 Jan.
    pytest.param(
        INFO, utc("2025-12-31T19:59"), "2025-12-31", "2026-01-05", "2026-01-05", (), (), id="utc-1959-still-31-dec"
    ),
    # 20:00 UTC on 31 Dec is 00:00 on 1 Jan in Yerevan: received 1 Jan -> Wed 7 Jan as above.
    pytest.param(
        INFO,
        utc("2025-12-31T20:00"),
        "2026-01-01",
        "2026-01-06",
        "2026-01-07",
        (),
        days("2026-01-06"),
        id="utc-2000-is-midnight-in-yerevan",
    ),
    # Fri 13 Mar 20:30 UTC is Sat 14 Mar 00:30 in Yerevan: received Saturday; 14 + 5 = Thu 19 Mar (Friday: Wed 18).
    pytest.param(
        INFO, utc("2026-03-13T20:30"), "2026-03-14", "2026-03-19", "2026-03-19", (), (), id="friday-night-utc"
    ),
]


@pytest.mark.parametrize("rule, received, received_local, raw_end, due, skipped, moved_over", DUE_DATE_CASES)
def test_due_date(cal, rule, received, received_local, raw_end, due, skipped, moved_over):
    deadline = due_date(received, rule, cal)
    assert deadline.received_local_date == d(received_local)
    assert deadline.raw_end_date == d(raw_end)
    assert deadline.due_date == deadline.original_due_date == d(due)
    assert deadline.skipped == skipped
    assert deadline.moved_over == moved_over
    # The explanation is data: kind, limit, unit and counting come from the rule.
    assert (deadline.kind, deadline.limit, deadline.unit, deadline.counting) == (
        rule.kind,
        rule.limit,
        rule.unit,
        rule.counting,
    )
    assert deadline.non_working_days == tuple(sorted(set(skipped) | set(moved_over)))
    assert deadline.extension is None and not deadline.extended


OVERRIDE_CASES = [
    # Received Mon 16 Mar: 16 + 5 = Sat 21 -> Sun 22 -> Mon 23 (admin's extra holiday) -> Tue 24 Mar.
    pytest.param(
        INFO,
        at("2026-03-16"),
        days("2026-03-23"),
        (),
        "2026-03-24",
        (),
        days("2026-03-21", "2026-03-22", "2026-03-23"),
        id="extra-holiday-after-a-weekend",
    ),
    # Calendar counting ignores an extra holiday inside the period: Mon 16 + 5 = Sat 21 -> Mon 23 Mar.
    pytest.param(
        INFO,
        at("2026-03-16"),
        days("2026-03-18"),
        (),
        "2026-03-23",
        (),
        days("2026-03-21", "2026-03-22"),
        id="extra-holiday-inside-calendar-period",
    ),
    # Received Mon 9 Mar: 9 + 5 = Sat 14 Mar, a working Saturday moved by decree: due that Saturday.
    pytest.param(INFO, at("2026-03-09"), (), days("2026-03-14"), "2026-03-14", (), (), id="moved-working-saturday"),
    # Working days from Thu 12 Mar with Sat 14 worked: Fri 13 (1), Sat 14 (2), skip Sun 15, Mon 16 (3), 17 (4),
    # Wed 18 (5).
    pytest.param(
        INFO_WORKING,
        at("2026-03-12"),
        (),
        days("2026-03-14"),
        "2026-03-18",
        days("2026-03-15"),
        (),
        id="working-days-with-a-worked-saturday",
    ),
    # Working days from Thu 12 Mar with an extra holiday Mon 16: Fri 13 (1); skip 14, 15, 16; 17 (2) .. Fri 20 (5).
    pytest.param(
        INFO_WORKING,
        at("2026-03-12"),
        days("2026-03-16"),
        (),
        "2026-03-20",
        days("2026-03-14", "2026-03-15", "2026-03-16"),
        (),
        id="working-days-with-an-extra-holiday",
    ),
    # Received Sun 19 Apr: + 5 = Fri 24 Apr, a public holiday the admin turned into a working day: due that Friday.
    pytest.param(INFO, at("2026-04-19"), (), days("2026-04-24"), "2026-04-24", (), (), id="holiday-made-working"),
]


@pytest.mark.parametrize("rule, received, extra, worked, due, skipped, moved_over", OVERRIDE_CASES)
def test_due_date_with_admin_overrides(make_calendar, rule, received, extra, worked, due, skipped, moved_over):
    deadline = due_date(received, rule, make_calendar(extra=extra, worked=worked))
    assert (deadline.due_date, deadline.skipped, deadline.moved_over) == (d(due), skipped, moved_over)


MONTH_CASES = [
    pytest.param("2026-01-31", 1, "2026-02-28", id="31-jan-non-leap-clamps-to-28-feb"),
    pytest.param("2028-01-31", 1, "2028-02-29", id="31-jan-leap-clamps-to-29-feb"),
    pytest.param("2028-02-29", 1, "2028-03-29", id="29-feb-keeps-day-number"),
    pytest.param("2026-02-28", 1, "2026-03-28", id="28-feb-keeps-day-number"),
    pytest.param("2026-03-31", 1, "2026-04-30", id="31-mar-clamps-to-30-apr"),
    pytest.param("2025-12-15", 1, "2026-01-15", id="december-to-january"),
    pytest.param("2026-10-31", 4, "2027-02-28", id="four-months-to-february"),
    pytest.param("2028-02-29", 12, "2029-02-28", id="leap-day-plus-a-year"),
]


@pytest.mark.parametrize("start, months, expected", MONTH_CASES)
def test_add_months(start, months, expected):
    assert add_months(d(start), months) == d(expected)


def test_received_time_must_be_aware(cal):
    with pytest.raises(ValueError, match="naive"):
        due_date(datetime(2026, 3, 9, 10, 0), INFO, cal)


def test_local_date_in_another_zone():
    # 23:30 UTC on 31 Dec is still 31 Dec in UTC itself.
    assert local_date(utc("2025-12-31T23:30"), "UTC") == d("2025-12-31")
    assert local_date(utc("2025-12-31T23:30"), YEREVAN) == d("2026-01-01")


# --- rules and calendars ---------------------------------------------------------------------------------------------


def test_rule_accepts_strings_and_refuses_nonsense():
    rule = Rule("complaint", 1, "months", "calendar", extension_limit=1, extension_unit="months")
    assert rule.kind is Kind.COMPLAINT and rule.unit is Unit.MONTHS and rule.counting is Counting.CALENDAR
    with pytest.raises(ValueError, match="months"):
        Rule(Kind.COMPLAINT, 1, Unit.MONTHS, Counting.WORKING)
    with pytest.raises(ValueError, match="months"):
        dataclasses.replace(COMPLAINT, counting="working")
    with pytest.raises(ValueError, match="limit"):
        Rule(Kind.COMPLAINT, 0, Unit.DAYS, Counting.CALENDAR)
    with pytest.raises(ValueError):
        Rule(Kind.COMPLAINT, 5, "weeks", Counting.CALENDAR)


def test_calendar_refuses_days_outside_its_range():
    march = Calendar({d("2026-03-01"), d("2026-02-28"), d("2026-04-04")}, d("2026-03-01"), d("2026-03-31"))
    assert not march.is_working(d("2026-03-01"))
    assert march.non_working_between(d("2026-03-01"), d("2026-03-31")) == days("2026-03-01")  # others out of range
    with pytest.raises(CalendarRangeError, match="2026-04-01"):
        march.is_working(d("2026-04-01"))
    # A complaint received 20 Mar is due around 20 Apr: the March calendar is too short, and says so.
    with pytest.raises(CalendarRangeError, match="load a wider range"):
        due_date(at("2026-03-20"), COMPLAINT, march)
    with pytest.raises(TypeError):
        march.is_working(datetime(2026, 3, 2, tzinfo=UTC))


def test_calendar_navigation(cal):
    # Wed 31 Dec 2025 (holiday) .. the first working day after it is Mon 5 Jan 2026; before it, Tue 30 Dec.
    assert cal.next_working_day(d("2025-12-30")) == d("2026-01-05")
    assert cal.working_day_on_or_after(d("2026-01-05")) == d("2026-01-05")
    assert cal.next_working_day(d("2026-01-05")) == d("2026-01-07")  # Tue 6 Jan is Christmas
    assert cal.previous_working_day(d("2026-01-05")) == d("2025-12-30")
    assert cal.working_days_between(d("2026-01-01"), d("2026-01-09")) == 4  # 5, 7, 8, 9


def test_calendar_for_loads_a_wide_enough_range(non_working):
    calls = []

    def fake_non_working_days(start, end):
        calls.append((start, end))
        return non_working(start, end)

    # 23:30 UTC on 31 Dec 2025 = 1 Jan 2026 in Yerevan: range 25 Dec 2025 (1 Jan − 7) .. 1 May 2026 (1 Jan + 120): the
    # longest default period is a month + a month's extension + a month for moving = 93 days < 120.
    received = utc("2025-12-31T23:30")
    calendar = calendar_for(received, DEFAULT_RULES, fake_non_working_days)
    assert calls == [(d("2025-12-25"), d("2026-05-01"))]
    assert (calendar.start, calendar.end) == (d("2025-12-25"), d("2026-05-01"))
    for rule in DEFAULT_RULES.values():
        deadline = due_date(received, rule, calendar)
        extended = extend(deadline, rule, calendar, notice_date=deadline.received_local_date)
        assert extended.due_date <= calendar.end
    # A long working-day limit widens the range: 60 working days -> 2 * 60 + 21 + 31 = 172 days after receipt.
    long_rule = Rule(Kind.APPLICATION, 60, "days", "working")
    assert calendar_for(received, long_rule, fake_non_working_days).end == d("2026-01-01") + timedelta(days=172)
    # `until` (e.g. the closing date, for response times) widens it too.
    assert calendar_for(received, [INFO], fake_non_working_days, until=d("2026-09-01")).end == d("2026-09-01")


# --- extensions ------------------------------------------------------------------------------------------------------

EXTENSION_CASES = [
    # Received Mon 9 Mar (due Mon 16), notice Wed 11 Mar; 30 days in total from receipt: 9 Mar + 30 = Wed 8 Apr.
    pytest.param(INFO, at("2026-03-09"), "2026-03-11", None, "2026-04-08", "2026-04-08", (), id="info-to-30-days"),
    # Notice on the day of receipt is in time too: Wed 8 Apr.
    pytest.param(INFO, at("2026-03-09"), "2026-03-09", None, "2026-04-08", "2026-04-08", (), id="info-notice-same-day"),
    # "Within 5 days of receipt": 9 + 5 = Sat 14 -> Mon 16, so a notice on Mon 16 is in time; 20 days in total:
    # 9 + 20 = Sun 29 Mar -> Mon 30 Mar.
    pytest.param(
        INFO, at("2026-03-09"), "2026-03-16", 20, "2026-03-29", "2026-03-30", days("2026-03-29"), id="info-to-20-days"
    ),
    # Received Wed 25 Mar (due Mon 30), notice Thu 26; 25 Mar + 30 = Fri 24 Apr (holiday) -> Mon 27 Apr.
    pytest.param(
        INFO,
        at("2026-03-25"),
        "2026-03-26",
        None,
        "2026-04-24",
        "2026-04-27",
        days("2026-04-24", "2026-04-25", "2026-04-26"),
        id="info-30-days-ending-on-a-holiday",
    ),
    # Complaint received Mon 2 Mar, due Thu 2 Apr. 3 working days before: Wed 1 (1), Tue 31 (2), Mon 30 Mar (3), so a
    # notice on Mon 30 Mar is in time. + 1 month from 2 Apr = Sat 2 May -> Sun 3 -> Mon 4 May.
    pytest.param(
        COMPLAINT,
        at("2026-03-02"),
        "2026-03-30",
        None,
        "2026-05-02",
        "2026-05-04",
        days("2026-05-02", "2026-05-03"),
        id="complaint-notice-on-last-allowed-day",
    ),
    # Same complaint, notice on Sat 28 Mar (earlier than needed, on a weekend): allowed, Mon 4 May.
    pytest.param(
        COMPLAINT,
        at("2026-03-02"),
        "2026-03-28",
        1,
        "2026-05-02",
        "2026-05-04",
        days("2026-05-02", "2026-05-03"),
        id="complaint-notice-on-a-weekend",
    ),
    # Complaint received Thu 5 Mar: 5 Apr is a Sunday -> due Mon 6 Apr. Back: skip Sun 5, Sat 4; Fri 3 (1), Thu 2 (2),
    # Wed 1 Apr (3): notice Wed 1 Apr in time. Extension from the due date Mon 6 Apr: + 1 month = Wed 6 May.
    pytest.param(
        COMPLAINT,
        at("2026-03-05"),
        "2026-04-01",
        None,
        "2026-05-06",
        "2026-05-06",
        (),
        id="complaint-due-after-weekend",
    ),
    # Complaint received Thu 30 Apr: 30 May is a Saturday -> due Mon 1 Jun. Back: skip 31, 30; Fri 29 (1); skip Thu 28
    # (Republic Day); Wed 27 (2), Tue 26 May (3). Notice Tue 26 May; + 1 month from 1 Jun = Wed 1 Jul.
    pytest.param(
        COMPLAINT,
        at("2026-04-30"),
        "2026-05-26",
        None,
        "2026-07-01",
        "2026-07-01",
        (),
        id="complaint-notice-over-holiday",
    ),
    # Extension given in days: due Thu 2 Apr + 10 days = Sun 12 Apr -> Mon 13 Apr.
    pytest.param(
        COMPLAINT_DAYS_EXTENSION,
        at("2026-03-02"),
        "2026-03-30",
        10,
        "2026-04-12",
        "2026-04-13",
        days("2026-04-12"),
        id="complaint-extended-by-10-days",
    ),
]


@pytest.mark.parametrize("rule, received, notice, new_limit, raw_end, due, moved_over", EXTENSION_CASES)
def test_extension_allowed(cal, rule, received, notice, new_limit, raw_end, due, moved_over):
    deadline = due_date(received, rule, cal)
    extended = extend(deadline, rule, cal, notice_date=d(notice), new_limit=new_limit)
    assert extended.due_date == d(due)
    assert extended.original_due_date == deadline.due_date  # the first computation stays explained
    assert (extended.raw_end_date, extended.skipped, extended.moved_over) == (
        deadline.raw_end_date,
        deadline.skipped,
        deadline.moved_over,
    )
    ext = extended.extension
    assert ext.notice_date == d(notice)
    assert ext.limit == (rule.extension_limit if new_limit is None else new_limit)
    assert (ext.raw_end_date, ext.moved_over, ext.due_date) == (d(raw_end), moved_over, d(due))
    assert ext.previous_due_date == deadline.due_date
    expected_start = deadline.received_local_date if rule.kind == Kind.INFORMATION_REQUEST else deadline.due_date
    assert ext.start_date == expected_start
    assert set(moved_over) <= set(extended.non_working_days)


REFUSAL_CASES = [
    # Info request received Mon 9 Mar: notice by Mon 16 Mar (9 + 5 = Sat 14 -> Mon 16); Tue 17 is too late.
    pytest.param(INFO, at("2026-03-09"), "2026-03-17", None, Refusal.NOTICE_TOO_LATE, id="info-notice-too-late"),
    # A notice dated before receipt is nonsense.
    pytest.param(INFO, at("2026-03-09"), "2026-03-08", None, Refusal.NOTICE_BEFORE_RECEIPT, id="notice-before-receipt"),
    # At most 30 days in total.
    pytest.param(INFO, at("2026-03-09"), "2026-03-10", 31, Refusal.OVER_MAXIMUM, id="info-over-30-days"),
    # "Extended" to 6 days: 9 + 6 = Sun 15 -> Mon 16 Mar, the current due date: nothing is extended.
    pytest.param(INFO, at("2026-03-09"), "2026-03-10", 6, Refusal.NOT_LATER, id="info-extension-not-later"),
    # Complaint received Mon 2 Mar, due Thu 2 Apr: the notice must come by Mon 30 Mar; Tue 31 Mar is too late.
    pytest.param(COMPLAINT, at("2026-03-02"), "2026-03-31", None, Refusal.NOTICE_TOO_LATE, id="complaint-notice-late"),
    # Complaint received Thu 30 Apr, due Mon 1 Jun: notice by Tue 26 May; Wed 27 May is too late.
    pytest.param(
        COMPLAINT,
        at("2026-04-30"),
        "2026-05-27",
        None,
        Refusal.NOTICE_TOO_LATE,
        id="complaint-notice-late-over-holiday",
    ),
    # A petition may be extended by at most one month.
    pytest.param(COMPLAINT, at("2026-03-02"), "2026-03-10", 2, Refusal.OVER_MAXIMUM, id="complaint-over-one-month"),
    pytest.param(COMPLAINT, at("2026-03-02"), "2026-03-10", 0, Refusal.INVALID_LIMIT, id="zero-limit"),
    # A rule without an extension.
    pytest.param(THIRTY_DAYS, at("2026-03-02"), "2026-03-03", None, Refusal.NOT_EXTENDABLE, id="not-extendable"),
]


@pytest.mark.parametrize("rule, received, notice, new_limit, reason", REFUSAL_CASES)
def test_extension_refused(cal, rule, received, notice, new_limit, reason):
    deadline = due_date(received, rule, cal)
    with pytest.raises(ExtensionError) as refused:
        extend(deadline, rule, cal, notice_date=d(notice), new_limit=new_limit)
    assert refused.value.reason == reason
    assert refused.value.reason.value == str(reason)  # machine-readable code, e.g. "notice_too_late"


def test_refusal_details(cal):
    info = due_date(at("2026-03-09"), INFO, cal)
    with pytest.raises(ExtensionError) as refused:
        extend(info, INFO, cal, notice_date=d("2026-03-17"))
    assert refused.value.latest_notice_date == d("2026-03-16")
    with pytest.raises(ExtensionError) as refused:
        extend(info, INFO, cal, notice_date=d("2026-03-10"), new_limit=45)
    assert refused.value.maximum == 30
    # Latest notice dates as the interface would show them (worked out in the tables above).
    assert latest_notice_date(info, INFO, cal) == d("2026-03-16")
    assert latest_notice_date(due_date(at("2026-04-30"), COMPLAINT, cal), COMPLAINT, cal) == d("2026-05-26")


def test_second_extension_refused(cal):
    deadline = due_date(at("2026-03-02"), COMPLAINT_DAYS_EXTENSION, cal)
    once = extend(deadline, COMPLAINT_DAYS_EXTENSION, cal, notice_date=d("2026-03-20"), new_limit=10)
    assert once.due_date == d("2026-04-13")
    # Even a notice that is in time for the new due date (and a limit within the maximum) is refused: only once.
    with pytest.raises(ExtensionError) as refused:
        extend(once, COMPLAINT_DAYS_EXTENSION, cal, notice_date=d("2026-04-01"), new_limit=5)
    assert refused.value.reason == Refusal.ALREADY_EXTENDED == "already_extended"


def test_extension_needs_the_rule_of_the_same_kind(cal):
    deadline = due_date(at("2026-03-02"), COMPLAINT, cal)
    with pytest.raises(ValueError):
        extend(deadline, INFO, cal, notice_date=d("2026-03-03"))


# --- overdue, answered late, response time ----------------------------------------------------------------------------

# Info request received Mon 9 Mar, due Mon 16 Mar (inclusive): overdue from Tue 17 Mar 00:00 Yerevan = 16 Mar 20:00 UTC.
OVERDUE_CASES = [
    pytest.param(at("2026-03-16", 9), None, False, id="due-date-morning"),
    pytest.param(at("2026-03-16", 23, 59, 59), None, False, id="due-date-23-59-yerevan-not-overdue"),
    pytest.param(utc("2026-03-16T19:59:59"), None, False, id="due-date-19-59-utc-not-overdue"),
    pytest.param(at("2026-03-17", 0, 0), None, True, id="next-day-00-00-yerevan-overdue"),
    pytest.param(utc("2026-03-16T20:00"), None, True, id="next-day-20-00-utc-overdue"),
    pytest.param(at("2026-03-20"), at("2026-03-18"), False, id="closed-before-now-not-overdue"),
    pytest.param(at("2026-03-18"), at("2026-03-20"), True, id="still-open-at-now-overdue"),
]


@pytest.mark.parametrize("now, closed, expected", OVERDUE_CASES)
def test_is_overdue(cal, now, closed, expected):
    deadline = due_date(at("2026-03-09"), INFO, cal)
    assert deadline.overdue_from == utc("2026-03-16T20:00")
    assert is_overdue(deadline, now, closed) is expected


ANSWERED_LATE_CASES = [
    pytest.param(at("2026-03-10"), False, id="answered-early"),
    pytest.param(at("2026-03-16", 23, 59, 59), False, id="answered-on-due-date-23-59"),
    pytest.param(at("2026-03-17", 0, 0), True, id="answered-next-day-00-00"),
    pytest.param(at("2026-04-02"), True, id="answered-weeks-late"),
]


@pytest.mark.parametrize("closed, expected", ANSWERED_LATE_CASES)
def test_answered_late(cal, closed, expected):
    deadline = due_date(at("2026-03-09"), INFO, cal)  # due Mon 16 Mar
    assert answered_late(deadline, closed) is expected


def test_overdue_follows_the_extended_due_date(cal):
    deadline = due_date(at("2026-03-09"), INFO, cal)  # due Mon 16 Mar
    extended = extend(deadline, INFO, cal, notice_date=d("2026-03-11"))  # due Wed 8 Apr
    assert is_overdue(deadline, at("2026-03-20"))
    assert not is_overdue(extended, at("2026-03-20"))
    assert not answered_late(extended, at("2026-04-08", 18))
    assert answered_late(extended, at("2026-04-09", 0, 0))
    with pytest.raises(ValueError, match="naive"):
        is_overdue(extended, datetime(2026, 3, 20))


RESPONSE_TIME_CASES = [
    # Received and answered on Fri 13 Mar: 0 days.
    pytest.param(at("2026-03-13", 10), at("2026-03-13", 17), (0, 0), id="same-day"),
    # Fri 13 Mar -> Thu 19 Mar: 6 calendar days; working days in (13, 19]: Mon 16, 17, 18, Thu 19 = 4.
    pytest.param(at("2026-03-13", 10), at("2026-03-19", 15), (6, 4), id="over-a-weekend"),
    # Wed 31 Dec 2025 -> Wed 7 Jan 2026: 7 calendar days; working in (31 Dec, 7 Jan]: Mon 5, Wed 7 = 2.
    pytest.param(at("2025-12-31"), at("2026-01-07"), (7, 2), id="across-new-year"),
    # 13 Mar 21:00 UTC = Sat 14 Mar 01:00 Yerevan -> 16 Mar 06:00 UTC = Mon 16 Mar 10:00: 2 calendar days, 1 working.
    pytest.param(utc("2026-03-13T21:00"), utc("2026-03-16T06:00"), (2, 1), id="utc-evening-crosses-midnight"),
    # Thu 12 Mar -> Thu 19 Mar (the due date of 5 working days): 7 calendar days, 5 working days.
    pytest.param(at("2026-03-12"), at("2026-03-19", 16), (7, 5), id="answered-on-working-day-due-date"),
]


@pytest.mark.parametrize("received, closed, expected", RESPONSE_TIME_CASES)
def test_response_time(cal, received, closed, expected):
    result = response_time(received, closed, cal)
    assert result == expected
    assert (result.calendar_days, result.working_days) == expected


def test_response_time_refuses_closing_before_receipt(cal):
    with pytest.raises(ValueError):
        response_time(at("2026-03-13"), at("2026-03-12"), cal)


# --- recomputing after the admin changes the calendar -----------------------------------------------------------------

RECOMPUTE_CASES = [
    # Complaint received Mon 2 Mar, due Thu 2 Apr; the admin declares Thu 2 Apr a holiday -> Fri 3 Apr.
    pytest.param(
        COMPLAINT, at("2026-03-02"), days("2026-04-02"), (), None, "2026-04-02", "2026-04-03", id="add-holiday"
    ),
    # ... and Fri 3 Apr too -> Sat 4 -> Sun 5 -> Mon 6 Apr.
    pytest.param(
        COMPLAINT,
        at("2026-03-02"),
        days("2026-04-02", "2026-04-03"),
        (),
        None,
        "2026-04-02",
        "2026-04-06",
        id="add-two-holidays-before-a-weekend",
    ),
    # Info request received Mon 9 Mar, due Mon 16 (Sat 14 moved); Sat 14 becomes a working day -> due Sat 14 Mar.
    pytest.param(
        INFO, at("2026-03-09"), (), days("2026-03-14"), None, "2026-03-16", "2026-03-14", id="worked-saturday"
    ),
    # Working days from Thu 12 Mar, due Thu 19; an extra holiday Tue 17 inside the period -> Fri 20 Mar.
    pytest.param(
        INFO_WORKING, at("2026-03-12"), days("2026-03-17"), (), None, "2026-03-19", "2026-03-20", id="working-days-hol"
    ),
    # Extended info request (received Wed 25 Mar, notice Thu 26, 30 days) due Mon 27 Apr; Mon 27 Apr becomes a
    # holiday -> Tue 28 Apr.
    pytest.param(
        INFO, at("2026-03-25"), days("2026-04-27"), (), "2026-03-26", "2026-04-27", "2026-04-28", id="extended-info"
    ),
]


@pytest.mark.parametrize("rule, received, extra, worked, notice, before, after", RECOMPUTE_CASES)
def test_recompute_after_override_change(cal, make_calendar, rule, received, extra, worked, notice, before, after):
    notice_date = d(notice) if notice else None
    old = recompute(received, rule, cal, extension_notice_date=notice_date)
    assert old.due_date == d(before)
    new = recompute(received, rule, make_calendar(extra=extra, worked=worked), extension_notice_date=notice_date)
    assert new.due_date == d(after)
    assert new.received_local_date == old.received_local_date
    assert new.extended == old.extended


def test_recompute_without_change_matches_due_date_and_extend(cal):
    received = at("2026-03-02")
    assert recompute(received, COMPLAINT, cal) == due_date(received, COMPLAINT, cal)
    extended = extend(due_date(received, COMPLAINT, cal), COMPLAINT, cal, notice_date=d("2026-03-30"))
    assert recompute(received, COMPLAINT, cal, extension_notice_date=d("2026-03-30"), extension_limit=1) == extended
    with pytest.raises(ValueError):
        recompute(received, COMPLAINT, cal, extension_limit=1)


def test_recompute_keeps_an_extension_granted_in_time(make_calendar, cal):
    # Complaint received Mon 2 Mar, due Thu 2 Apr, extended on Mon 30 Mar (the last allowed day) -> Mon 4 May.
    # The admin then declares Tue 31 Mar a holiday: counted back from Thu 2 Apr the notice would now have to come by
    # Fri 27 Mar (Wed 1 (1), skip Tue 31, Mon 30 (2), skip 29, 28, Fri 27 (3)), but the extension was lawful when given.
    received, notice = at("2026-03-02"), d("2026-03-30")
    changed = make_calendar(extra=days("2026-03-31"))
    with pytest.raises(ExtensionError) as refused:
        extend(due_date(received, COMPLAINT, changed), COMPLAINT, changed, notice_date=notice)
    assert refused.value.latest_notice_date == d("2026-03-27")
    deadline = recompute(received, COMPLAINT, changed, extension_notice_date=notice)
    assert (deadline.original_due_date, deadline.due_date) == (d("2026-04-02"), d("2026-05-04"))


# --- explanation as data ----------------------------------------------------------------------------------------------


def test_deadline_explains_itself_as_data(cal):
    deadline = due_date(at("2025-12-28"), INFO, cal)
    explained = dataclasses.asdict(deadline)
    assert explained == {
        "kind": "information_request",
        "received_local_date": d("2025-12-28"),
        "limit": 5,
        "unit": "days",
        "counting": "calendar",
        "raw_end_date": d("2026-01-02"),
        "skipped": (),
        "moved_over": days("2026-01-02", "2026-01-03", "2026-01-04"),
        "original_due_date": d("2026-01-05"),
        "due_date": d("2026-01-05"),
        "extension": None,
        "tz": "Asia/Yerevan",
    }
    # No strings meant for people: every string in the explanation is an enum value or the zone name.
    strings = {value for value in explained.values() if isinstance(value, str)}
    assert strings == {"information_request", "days", "calendar", "Asia/Yerevan"}


# --- property: every day of 2026, every kind ----------------------------------------------------------------------


def _one_month_later(day: date) -> date:
    """Independent oracle: the same day number next month, or that month's last day."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    number = day.day
    while True:
        try:
            return date(year, month, number)
        except ValueError:
            number -= 1


def test_every_day_of_2026_every_kind(cal):
    rules = list(DEFAULT_RULES.values()) + [INFO_WORKING, THIRTY_DAYS]
    checked = 0
    for received_local in _every_day(d("2026-01-01"), d("2026-12-31")):
        # 10:00 and 23:59 local, and 20:30 UTC of the day before (= 00:30 local): all received on the same local date.
        moments = [at(received_local.isoformat()), at(received_local.isoformat(), 23, 59)]
        moments.append(datetime.combine(received_local - timedelta(days=1), time(20, 30), tzinfo=UTC))
        for rule in rules:
            for received in moments:
                deadline = due_date(received, rule, cal)
                due = deadline.due_date
                assert deadline.received_local_date == received_local
                assert cal.is_working(due), (received_local, rule.kind, due)
                if rule.unit == Unit.MONTHS:
                    earliest = _one_month_later(received_local)
                else:
                    earliest = received_local + timedelta(days=rule.limit)
                assert due >= earliest, (received_local, rule.kind, due)
                # Moved only over non-working days, and only as far as the first working day.
                assert deadline.moved_over == cal.non_working_between(deadline.raw_end_date, due - timedelta(days=1))
                assert len(deadline.moved_over) == (due - deadline.raw_end_date).days
                if rule.counting == Counting.WORKING:
                    first = received_local + timedelta(days=1)
                    assert cal.working_days_between(first, due) == rule.limit
                    assert deadline.skipped == cal.non_working_between(first, due)
                else:
                    assert deadline.raw_end_date == earliest and deadline.skipped == ()
                assert response_time(received, datetime.combine(due, time(12), tzinfo=YEREVAN), cal)[0] == (
                    due - received_local
                ).days
                assert not is_overdue(deadline, datetime.combine(due, time(23, 59), tzinfo=YEREVAN))
                assert is_overdue(deadline, datetime.combine(due + timedelta(days=1), time(0), tzinfo=YEREVAN))
                if rule.extendable:
                    extended = extend(deadline, rule, cal, notice_date=received_local)
                    assert extended.due_date > due and cal.is_working(extended.due_date)
                checked += 1
    assert checked == 365 * len(rules) * 3
