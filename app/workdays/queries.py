"""Reads of the working-day calendar: what the deadline engine skips, and why."""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

import holidays
from sqlalchemy import select

from app.extensions import db
from app.workdays.models import CalendarOverride, OverrideKind

COUNTRY = "AM"
# Only the days off by law; the package's "workday" category lists commemorative days that are worked.
CATEGORIES = ("public",)
# Holiday names the package ships; other interface languages fall back to the Armenian original.
HOLIDAY_LANGUAGES = {"hy": "hy", "en": "en_US"}


class DaySource(StrEnum):
    WEEKEND = "weekend"
    PUBLIC_HOLIDAY = "public_holiday"
    OVERRIDE_HOLIDAY = "override_holiday"


@lru_cache(maxsize=64)
def _public_holidays_of_year(year: int, language: str) -> tuple[tuple[date, str], ...]:
    calendar = holidays.country_holidays(COUNTRY, years=year, categories=CATEGORIES, language=language)
    return tuple(sorted(calendar.items()))


def public_holidays(start: date, end: date, language: str = "hy") -> dict[date, str]:
    """Armenian public holidays from start to end (inclusive), with their names."""
    found = {}
    for year in range(start.year, end.year + 1):
        found.update((day, name) for day, name in _public_holidays_of_year(year, language) if start <= day <= end)
    return found


def list_overrides(start: date | None = None, end: date | None = None) -> list[CalendarOverride]:
    stmt = select(CalendarOverride).order_by(CalendarOverride.day)
    if start is not None:
        stmt = stmt.where(CalendarOverride.day >= start)
    if end is not None:
        stmt = stmt.where(CalendarOverride.day <= end)
    return list(db.session.scalars(stmt))


def get_override_or_404(override_id) -> CalendarOverride:
    return db.get_or_404(CalendarOverride, override_id)


def get_override_on(day: date) -> CalendarOverride | None:
    return db.session.scalar(select(CalendarOverride).where(CalendarOverride.day == day))


def _days(start: date, end: date):
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


def is_weekend(day: date) -> bool:
    return day.weekday() >= 5


def is_non_working_by_law(day: date) -> bool:
    """Weekend or public holiday, before the admin's overrides."""
    return is_weekend(day) or day in public_holidays(day, day)


def combine(start: date, end: date, overrides) -> set[date]:
    """Weekends + public holidays + extra holidays − moved working days, from start to end (inclusive)."""
    if end < start:
        return set()
    days = {day for day in _days(start, end) if is_weekend(day)}
    days |= set(public_holidays(start, end))
    for override in overrides:
        if not start <= override.day <= end:
            continue
        if override.kind == OverrideKind.HOLIDAY:
            days.add(override.day)
        else:
            days.discard(override.day)
    return days


def non_working_days(start: date, end: date) -> set[date]:
    """The days from start to end (inclusive) that a working-day deadline skips (one query)."""
    if end < start:
        return set()
    return combine(start, end, list_overrides(start, end))


@dataclass
class NonWorkingDay:
    day: date
    name: str | None
    name_lang: str | None
    source: DaySource
    override: CalendarOverride | None = None


@dataclass
class YearCalendar:
    """One year as the deadline engine sees it: the named days off, the weekend count, the moved working days."""

    year: int
    days_off: list[NonWorkingDay]
    weekend_days: int
    moved_workdays: list[CalendarOverride]

    @property
    def total(self):
        return self.weekend_days + len(self.days_off)


def year_calendar(year: int, overrides, language: str) -> YearCalendar:
    """Explain a year: every non-working day that is not a plain weekend, named, plus the moved working days.

    `overrides` are the year's overrides; `language` is the interface language (holiday names fall back to
    Armenian, marked as such, where the package has no translation).
    """
    start, end = date(year, 1, 1), date(year, 12, 31)
    off = combine(start, end, overrides)
    names_lang = HOLIDAY_LANGUAGES.get(language, "hy")
    names = public_holidays(start, end, names_lang)
    name_lang = "hy" if names_lang == "hy" else language
    by_day = {o.day: o for o in overrides if start <= o.day <= end}
    days_off, weekend_days = [], 0
    for day in sorted(off):
        override = by_day.get(day)
        if override is not None and override.kind == OverrideKind.HOLIDAY and day not in names:
            days_off.append(NonWorkingDay(day, None, None, DaySource.OVERRIDE_HOLIDAY, override))
        elif day in names:
            days_off.append(NonWorkingDay(day, names[day], name_lang, DaySource.PUBLIC_HOLIDAY, override))
        else:
            weekend_days += 1
    moved = [o for o in by_day.values() if o.kind == OverrideKind.WORKDAY]
    return YearCalendar(year, days_off, weekend_days, sorted(moved, key=lambda o: o.day))
