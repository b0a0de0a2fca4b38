"""The deadline engine: when an appeal is due, and how that date was worked out.

Pure functions only: no database, no Flask, no I/O and no translated text. Every input is passed in: the rule of the
appeal's kind, the moment it was received, and a `Calendar` of non-working days (callers build one with
`calendar_for(received_dt, rules, app.workdays.queries.non_working_days)`). Results are frozen dataclasses that carry
their own explanation as data (received on, kind, limit, unit, counting, which non-working days were skipped or moved
over), for the interface to render in the reader's language.

Conventions
-----------
Time zone
    Moments are aware datetimes (stored in UTC); deadlines are dates in the municipality's time zone, Asia/Yerevan by
    default. An appeal received at 23:30 UTC on 31 December is received on 1 January in Yerevan (UTC+4), and that local
    date is the one counted from. Naive datetimes are refused rather than guessed.
Day counting
    The day of receipt is not counted: day 1 is the day after receipt (the usual rule for periods in Armenian civil and
    administrative practice). A limit of 5 calendar days from Monday ends on Saturday; a limit of 5 working days counts
    only working days after the day of receipt, and the non-working days passed over are listed in `skipped`.
Months
    A limit in months ends on the same day number that many months later; when that month is shorter, on its last day:
    31 January + 1 month = 28 February (29 in a leap year), 31 March + 1 month = 30 April, 28 February + 1 month =
    28 March (not 31 March: the day number is kept, not "the end of the month"). Months are calendar time, so a rule
    cannot count months in working days (`Rule` refuses it).
Moving
    In both counting modes a period whose last day is a non-working day ends on the next working day; the days passed
    over are listed in `moved_over`, and the last day before moving is kept as `raw_end_date`.
Due date and overdue
    The due date is inclusive: an appeal is on time during the whole due date in local time, and overdue from 00:00 of
    the next local day (`Deadline.overdue_from`). "Overdue" is derived, never stored; "answered late" is derived here
    (`answered_late`) and kept on the appeal when it closes, for the dashboard to count (app/dashboard/tally.py).
Extension
    Allowed once. Information requests are extended to a total counted from receipt (5 -> 30 days); petitions
    (application, complaint, proposal) by up to the extension limit counted from the current due date (the one the
    applicant was told). The extension is counted and moved with the same rule as the limit.
Notice timing
    "Within 5 days of receipt" is counted like a limit (day of receipt not counted, a last day that is non-working moves
    to the next working day), so with the defaults an information request can be extended up to its original due date.
    "At least 3 working days before expiry" means the notice is sent on or before the third working day counted back
    from the current due date, so that at least 3 working days of the period (the due date included) remain after the
    day of the notice: due Thursday 2 April 2026 -> notice by Monday 30 March.
"""

import calendar as _gregorian
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import NamedTuple
from zoneinfo import ZoneInfo

__all__ = [
    "DEFAULT_RULES",
    "DEFAULT_TZ",
    "PETITION_KINDS",
    "Calendar",
    "CalendarRangeError",
    "Counting",
    "Deadline",
    "Extension",
    "ExtensionError",
    "ExtensionFrom",
    "Kind",
    "Refusal",
    "ResponseTime",
    "Rule",
    "Unit",
    "add_months",
    "answered_late",
    "calendar_for",
    "due_date",
    "extend",
    "is_overdue",
    "latest_notice_date",
    "local_date",
    "recompute",
    "response_time",
]

DEFAULT_TZ = "Asia/Yerevan"

# How far before the day of receipt a calendar built by `calendar_for` starts, and at least how far after it ends.
CALENDAR_LEAD_DAYS = 7
CALENDAR_MIN_DAYS = 120
# Room past the longest possible period for a due date to move over a run of non-working days.
MOVE_MARGIN_DAYS = 31

_ONE_DAY = timedelta(days=1)


class Kind(StrEnum):
    APPLICATION = "application"
    COMPLAINT = "complaint"
    PROPOSAL = "proposal"
    INFORMATION_REQUEST = "information_request"


# Appeals under the Law on Petitions; information requests fall under the Law on Freedom of Information.
PETITION_KINDS = frozenset({Kind.APPLICATION, Kind.COMPLAINT, Kind.PROPOSAL})


class Unit(StrEnum):
    DAYS = "days"
    MONTHS = "months"


class Counting(StrEnum):
    CALENDAR = "calendar"
    WORKING = "working"


class ExtensionFrom(StrEnum):
    """Where an extension is counted from."""

    # The extension limit is the new total, counted from the day of receipt (information requests: 30 days in total).
    RECEIPT = "receipt"
    # The extension limit is added to the current due date (petitions: by up to 1 month).
    DUE_DATE = "due_date"


class Refusal(StrEnum):
    """Why an extension was refused (machine-readable; the interface translates it)."""

    NOT_EXTENDABLE = "not_extendable"
    ALREADY_EXTENDED = "already_extended"
    INVALID_LIMIT = "invalid_limit"
    OVER_MAXIMUM = "over_maximum"
    NOT_LATER = "not_later"
    NOTICE_BEFORE_RECEIPT = "notice_before_receipt"
    NOTICE_TOO_LATE = "notice_too_late"


class ExtensionError(Exception):
    """An extension the rules do not allow. `reason` is a `Refusal`; `maximum` / `latest_notice_date` give detail."""

    def __init__(self, reason: Refusal | str, *, maximum: int | None = None, latest_notice_date: date | None = None):
        self.reason = Refusal(reason)
        self.maximum = maximum
        self.latest_notice_date = latest_notice_date
        detail = []
        if maximum is not None:
            detail.append(f"maximum={maximum}")
        if latest_notice_date is not None:
            detail.append(f"latest_notice_date={latest_notice_date.isoformat()}")
        super().__init__(f"extension refused: {self.reason.value}" + (f" ({', '.join(detail)})" if detail else ""))


class CalendarRangeError(ValueError):
    """A calendar was asked about a day outside the range it was loaded for."""


def _positive_int(value, name, *, minimum=1):
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, not {value!r}")


@dataclass(frozen=True)
class Rule:
    """The deadline rule of one kind of appeal (the defaults are `DEFAULT_RULES`; the admin may edit them).

    `extension_limit` 0 means the kind cannot be extended. The notice fields model the two laws: an information request
    is extended by a notice sent within `notice_within_days_of_receipt` days of receipt; a petition by a notice sent at
    least `notice_working_days_before_due` working days before the current due date. When both are set, both apply.
    Plain strings are accepted for the enum fields (e.g. values read from the database).
    """

    kind: Kind
    limit: int
    unit: Unit
    counting: Counting
    extension_limit: int = 0
    extension_unit: Unit = Unit.DAYS
    notice_within_days_of_receipt: int | None = None
    notice_working_days_before_due: int | None = None
    extension_from: ExtensionFrom = ExtensionFrom.DUE_DATE

    def __post_init__(self):
        for name, enum in (
            ("kind", Kind),
            ("unit", Unit),
            ("counting", Counting),
            ("extension_unit", Unit),
            ("extension_from", ExtensionFrom),
        ):
            object.__setattr__(self, name, enum(getattr(self, name)))
        _positive_int(self.limit, "limit")
        _positive_int(self.extension_limit, "extension_limit", minimum=0)
        for name in ("notice_within_days_of_receipt", "notice_working_days_before_due"):
            if getattr(self, name) is not None:
                _positive_int(getattr(self, name), name, minimum=0)
        if self.counting == Counting.WORKING and (
            self.unit == Unit.MONTHS or (self.extension_limit and self.extension_unit == Unit.MONTHS)
        ):
            raise ValueError("a limit in months is calendar time; working-day counting needs a limit in days")

    @property
    def extendable(self) -> bool:
        return self.extension_limit > 0


DEFAULT_RULES: dict[Kind, Rule] = {
    # Law on Freedom of Information, Art. 9(7): 5 days; up to 30 days in total with a notice within 5 days of receipt.
    Kind.INFORMATION_REQUEST: Rule(
        kind=Kind.INFORMATION_REQUEST,
        limit=5,
        unit=Unit.DAYS,
        counting=Counting.CALENDAR,
        extension_limit=30,
        extension_unit=Unit.DAYS,
        notice_within_days_of_receipt=5,
        extension_from=ExtensionFrom.RECEIPT,
    ),
    # Law on Petitions (HO-15-N, 2018), Art. 10: 1 month; once by up to 1 month, noticed 3 working days before expiry.
    **{
        kind: Rule(
            kind=kind,
            limit=1,
            unit=Unit.MONTHS,
            counting=Counting.CALENDAR,
            extension_limit=1,
            extension_unit=Unit.MONTHS,
            notice_working_days_before_due=3,
            extension_from=ExtensionFrom.DUE_DATE,
        )
        for kind in (Kind.APPLICATION, Kind.COMPLAINT, Kind.PROPOSAL)
    },
}


class Calendar:
    """Which days from `start` to `end` (inclusive) are working days.

    Built from the set of non-working days of that range (weekends + public holidays + the admin's overrides, as
    `app.workdays.queries.non_working_days(start, end)` returns them). Asking about a day outside the range raises
    `CalendarRangeError` instead of guessing, so a caller that loaded too short a range finds out.
    """

    __slots__ = ("start", "end", "_non_working")

    def __init__(self, non_working: Iterable[date], start: date, end: date):
        if end < start:
            raise ValueError(f"calendar ends ({end}) before it starts ({start})")
        self.start = start
        self.end = end
        self._non_working = frozenset(day for day in non_working if start <= day <= end)

    def __repr__(self):
        return f"Calendar({self.start.isoformat()}..{self.end.isoformat()}, {len(self._non_working)} non-working)"

    def _check(self, day: date):
        if isinstance(day, datetime) or not isinstance(day, date):
            raise TypeError(f"a date is expected, not {day!r}")
        if not self.start <= day <= self.end:
            raise CalendarRangeError(
                f"{day.isoformat()} is outside the loaded calendar {self.start.isoformat()}..{self.end.isoformat()}; "
                "load a wider range"
            )

    def is_working(self, day: date) -> bool:
        self._check(day)
        return day not in self._non_working

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        return self.working_day_on_or_after(day + _ONE_DAY)

    def working_day_on_or_after(self, day: date) -> date:
        """`day` itself if it is a working day, else the next working day."""
        while not self.is_working(day):
            day += _ONE_DAY
        return day

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before `day`."""
        day -= _ONE_DAY
        while not self.is_working(day):
            day -= _ONE_DAY
        return day

    def non_working_between(self, first: date, last: date) -> tuple[date, ...]:
        """The non-working days from `first` to `last` (inclusive), in order."""
        self._check(first)
        self._check(last)
        return tuple(sorted(day for day in self._non_working if first <= day <= last))

    def working_days_between(self, first: date, last: date) -> int:
        """How many working days there are from `first` to `last` (inclusive); 0 when `last` is before `first`."""
        if last < first:
            return 0
        return (last - first).days + 1 - len(self.non_working_between(first, last))


def _zone(tz) -> ZoneInfo:
    return tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)


def _require_aware(moment: datetime, name: str):
    if not isinstance(moment, datetime):
        raise TypeError(f"{name} must be a datetime, not {moment!r}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} is a naive datetime; pass an aware (UTC) datetime")


def local_date(moment: datetime, tz=DEFAULT_TZ) -> date:
    """The calendar date of an aware moment in the time zone `tz` (a name or a ZoneInfo)."""
    _require_aware(moment, "moment")
    return moment.astimezone(_zone(tz)).date()


def add_months(day: date, months: int) -> date:
    """Same day number `months` later, clamped to the end of a shorter month (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, _gregorian.monthrange(year, month)[1]))


def _span_days(limit: int, unit: Unit, counting: Counting) -> int:
    """An upper bound of the calendar days a period of `limit` takes (before moving)."""
    if unit == Unit.MONTHS:
        return 31 * limit
    if counting == Counting.WORKING:
        # Five working days a week, plus room for holidays and overrides.
        return 2 * limit + 21
    return limit


def _rule_span_days(rule: Rule) -> int:
    base = _span_days(rule.limit, rule.unit, rule.counting)
    if not rule.extendable:
        return base
    extension = _span_days(rule.extension_limit, rule.extension_unit, rule.counting)
    return max(base, extension) if rule.extension_from == ExtensionFrom.RECEIPT else base + extension


def calendar_for(
    received_dt: datetime,
    rules: Rule | Iterable[Rule] | Mapping[Kind, Rule],
    non_working_days_fn: Callable[[date, date], Iterable[date]],
    tz=DEFAULT_TZ,
    *,
    until: date | None = None,
) -> Calendar:
    """Load a calendar wide enough for the deadlines (with their extensions) of an appeal received at `received_dt`.

    The range runs from a week before the local day of receipt to at least 120 days after it (further if a rule's
    longest period with its extension and a month for moving needs it, and at least to `until`, e.g. the closing day
    for `response_time`). `non_working_days_fn(start, end)` returns the non-working days of that inclusive range; pass
    `app.workdays.queries.non_working_days` in the app, or any function in tests.
    """
    if isinstance(rules, Rule):
        rules = [rules]
    elif isinstance(rules, Mapping):
        rules = list(rules.values())
    received = local_date(received_dt, tz)
    span = max([_rule_span_days(rule) + MOVE_MARGIN_DAYS for rule in rules], default=0)
    start = received - timedelta(days=CALENDAR_LEAD_DAYS)
    end = received + timedelta(days=max(CALENDAR_MIN_DAYS, span))
    if until is not None:
        end = max(end, until)
    return Calendar(non_working_days_fn(start, end), start, end)


@dataclass(frozen=True)
class Extension:
    """How the one allowed extension moved the due date, as data."""

    notice_date: date
    limit: int
    unit: Unit
    counted_from: ExtensionFrom
    # The day counting started after: the day of receipt, or the due date before the extension.
    start_date: date
    raw_end_date: date
    skipped: tuple[date, ...]
    moved_over: tuple[date, ...]
    previous_due_date: date
    due_date: date


@dataclass(frozen=True)
class Deadline:
    """A due date with its explanation: received on `received_local_date`, kind `kind`, limit `limit` `unit` counted in
    `counting` days; counting ended on `raw_end_date`, skipping `skipped` (working-day counting) and then moving over
    `moved_over` to `original_due_date`; `extension`, if any, explains the move to `due_date`.
    """

    kind: Kind
    received_local_date: date
    limit: int
    unit: Unit
    counting: Counting
    raw_end_date: date
    skipped: tuple[date, ...]
    moved_over: tuple[date, ...]
    original_due_date: date
    due_date: date
    extension: Extension | None = None
    tz: str = DEFAULT_TZ

    @property
    def extended(self) -> bool:
        return self.extension is not None

    @property
    def non_working_days(self) -> tuple[date, ...]:
        """Every non-working day the explanation mentions (skipped or moved over, extension included), in order."""
        days = set(self.skipped) | set(self.moved_over)
        if self.extension is not None:
            days |= set(self.extension.skipped) | set(self.extension.moved_over)
        return tuple(sorted(days))

    @property
    def overdue_from(self) -> datetime:
        """The first moment (aware, in the local zone) at which the appeal is late: 00:00 the day after the due date."""
        return datetime.combine(self.due_date + _ONE_DAY, time(0), tzinfo=_zone(self.tz))


def _count(start: date, limit: int, unit: Unit, counting: Counting, calendar: Calendar):
    """Count `limit` units after `start` (start not counted). Returns (last day, non-working days skipped)."""
    if unit == Unit.MONTHS:
        return add_months(start, limit), ()
    if counting == Counting.CALENDAR:
        return start + timedelta(days=limit), ()
    day, counted, skipped = start, 0, []
    while counted < limit:
        day += _ONE_DAY
        if calendar.is_working(day):
            counted += 1
        else:
            skipped.append(day)
    return day, tuple(skipped)


def _move(day: date, calendar: Calendar):
    """Move a last day that is non-working to the next working day. Returns (due date, days moved over)."""
    moved = []
    while not calendar.is_working(day):
        moved.append(day)
        day += _ONE_DAY
    return day, tuple(moved)


def due_date(received_dt: datetime, rule: Rule, calendar: Calendar, tz=DEFAULT_TZ) -> Deadline:
    """The deadline of an appeal of `rule.kind` received at `received_dt` (aware), explained."""
    received = local_date(received_dt, tz)
    raw_end, skipped = _count(received, rule.limit, rule.unit, rule.counting, calendar)
    due, moved = _move(raw_end, calendar)
    return Deadline(
        kind=rule.kind,
        received_local_date=received,
        limit=rule.limit,
        unit=rule.unit,
        counting=rule.counting,
        raw_end_date=raw_end,
        skipped=skipped,
        moved_over=moved,
        original_due_date=due,
        due_date=due,
        tz=_zone(tz).key,
    )


def latest_notice_date(deadline: Deadline, rule: Rule, calendar: Calendar) -> date:
    """The last day on which an extension notice can be sent for `deadline` under `rule` (see "Notice timing")."""
    candidates = []
    if rule.notice_within_days_of_receipt is not None:
        end, _ = _count(
            deadline.received_local_date, rule.notice_within_days_of_receipt, Unit.DAYS, rule.counting, calendar
        )
        candidates.append(_move(end, calendar)[0])
    if rule.notice_working_days_before_due is not None:
        day, counted = deadline.due_date, 0
        while counted < rule.notice_working_days_before_due:
            day -= _ONE_DAY
            if day < deadline.received_local_date:
                break  # no working day early enough: every notice is too late
            if calendar.is_working(day):
                counted += 1
        candidates.append(day)
    # Without a timing rule, the notice must at least come before the period has run out.
    return min(candidates) if candidates else deadline.due_date


def _apply_extension(deadline: Deadline, rule: Rule, calendar: Calendar, notice_date: date, limit: int) -> Deadline:
    if rule.extension_from == ExtensionFrom.RECEIPT:
        start = deadline.received_local_date
    else:
        start = deadline.original_due_date
    raw_end, skipped = _count(start, limit, rule.extension_unit, rule.counting, calendar)
    due, moved = _move(raw_end, calendar)
    extension = Extension(
        notice_date=notice_date,
        limit=limit,
        unit=rule.extension_unit,
        counted_from=rule.extension_from,
        start_date=start,
        raw_end_date=raw_end,
        skipped=skipped,
        moved_over=moved,
        previous_due_date=deadline.original_due_date,
        due_date=due,
    )
    return Deadline(
        kind=deadline.kind,
        received_local_date=deadline.received_local_date,
        limit=deadline.limit,
        unit=deadline.unit,
        counting=deadline.counting,
        raw_end_date=deadline.raw_end_date,
        skipped=deadline.skipped,
        moved_over=deadline.moved_over,
        original_due_date=deadline.original_due_date,
        due_date=due,
        extension=extension,
        tz=deadline.tz,
    )


def extend(
    deadline: Deadline, rule: Rule, calendar: Calendar, *, notice_date: date, new_limit: int | None = None
) -> Deadline:
    """Apply the one allowed extension, noticed on the local date `notice_date`; raise `ExtensionError` if not allowed.

    `new_limit` is in `rule.extension_unit` and defaults to the rule's maximum `rule.extension_limit`. For an
    information request it is the new total counted from receipt; for a petition it is added to the current due date.
    The reason told to the applicant is the caller's to store; this function only checks and computes.
    """
    if rule.kind != deadline.kind:
        raise ValueError(f"rule for {rule.kind} given for a deadline of {deadline.kind}")
    if isinstance(notice_date, datetime) or not isinstance(notice_date, date):
        raise TypeError(f"notice_date must be a (local) date, not {notice_date!r}")
    if deadline.extension is not None:
        raise ExtensionError(Refusal.ALREADY_EXTENDED)
    if not rule.extendable:
        raise ExtensionError(Refusal.NOT_EXTENDABLE)
    limit = rule.extension_limit if new_limit is None else new_limit
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ExtensionError(Refusal.INVALID_LIMIT, maximum=rule.extension_limit)
    if limit > rule.extension_limit:
        raise ExtensionError(Refusal.OVER_MAXIMUM, maximum=rule.extension_limit)
    if notice_date < deadline.received_local_date:
        raise ExtensionError(Refusal.NOTICE_BEFORE_RECEIPT)
    latest = latest_notice_date(deadline, rule, calendar)
    if notice_date > latest:
        raise ExtensionError(Refusal.NOTICE_TOO_LATE, latest_notice_date=latest)
    extended = _apply_extension(deadline, rule, calendar, notice_date, limit)
    if extended.due_date <= deadline.due_date:
        raise ExtensionError(Refusal.NOT_LATER, maximum=rule.extension_limit)
    return extended


def recompute(
    received_dt: datetime,
    rule: Rule,
    calendar: Calendar,
    *,
    extension_notice_date: date | None = None,
    extension_limit: int | None = None,
    tz=DEFAULT_TZ,
) -> Deadline:
    """The deadline of an open appeal worked out again, e.g. after the admin changed the holidays or overrides.

    Pass the rule the appeal was received under (the admin may have edited the kind's limits since) and, if it was
    extended, the notice date and the extension limit granted (`extension_limit` defaults to the rule's maximum). A
    granted extension is re-applied without checking the notice timing again: the calendar change must not take back
    an extension that was lawful when it was given.
    """
    deadline = due_date(received_dt, rule, calendar, tz)
    if extension_notice_date is None:
        if extension_limit is not None:
            raise ValueError("extension_limit given without extension_notice_date")
        return deadline
    limit = rule.extension_limit if extension_limit is None else extension_limit
    _positive_int(limit, "extension_limit")
    return _apply_extension(deadline, rule, calendar, extension_notice_date, limit)


def is_overdue(deadline: Deadline, now_dt: datetime, closed_dt: datetime | None = None) -> bool:
    """Whether the appeal is open at `now_dt` and past its due date (the due date itself, local time, is on time).

    An appeal closed at or before `now_dt` is not overdue (see `answered_late`); a `closed_dt` after `now_dt` means it
    was still open then, which lets reports ask "was it overdue on that day?".
    """
    _require_aware(now_dt, "now_dt")
    if closed_dt is not None:
        _require_aware(closed_dt, "closed_dt")
        if closed_dt <= now_dt:
            return False
    return now_dt >= deadline.overdue_from


def answered_late(deadline: Deadline, closed_dt: datetime) -> bool:
    """Whether the appeal was closed after its due date (from 00:00 local time of the next day)."""
    _require_aware(closed_dt, "closed_dt")
    return closed_dt >= deadline.overdue_from


class ResponseTime(NamedTuple):
    calendar_days: int
    working_days: int


def response_time(received_dt: datetime, closed_dt: datetime, calendar: Calendar, tz=DEFAULT_TZ) -> ResponseTime:
    """How long the answer took, counted like deadlines: local dates, the day of receipt not counted.

    `calendar_days` = closing date - receipt date (answered the same local day: 0); `working_days` = the working days
    after the day of receipt up to and including the closing day, so an appeal answered on the due date of an
    N-working-day limit took N working days. The calendar must cover the day after receipt to the closing day.
    """
    _require_aware(received_dt, "received_dt")
    _require_aware(closed_dt, "closed_dt")
    if closed_dt < received_dt:
        raise ValueError("closed_dt is before received_dt")
    received, closed = local_date(received_dt, tz), local_date(closed_dt, tz)
    return ResponseTime(
        calendar_days=(closed - received).days,
        working_days=calendar.working_days_between(received + _ONE_DAY, closed),
    )
