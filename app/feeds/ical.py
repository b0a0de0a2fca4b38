"""The schedule as an iCalendar (RFC 5545) feed that calendar apps subscribe to."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from icalendar import Calendar, Event

from app.i18n import tr_text
from app.schedule.labels import STATUS_LABELS
from app.schedule.models import Action, ActionStatus
from app.urls import external_url

# Calendar apps that honour it poll every few hours, not every minute.
REFRESH = timedelta(hours=6)
# An action with a start time but no end time is shown as one hour long.
DEFAULT_LENGTH = timedelta(hours=1)
# A postponed action keeps its place as a confirmed event at its new date; only a cancelled one is withdrawn.
_ICAL_STATUS = {ActionStatus.CANCELLED: "CANCELLED"}


def action_uid(action: Action, domain: str) -> str:
    """Stable across renames, hosts and languages, so an edit updates the event instead of adding one."""
    return f"action-{action.id}@{domain}"


def _when(action: Action, tz: ZoneInfo):
    """(start, end): local date-times for a timed action, else whole days (the end date exclusive)."""
    if action.start_time and (action.end_time or action.start_date == action.end_date):
        start = datetime.combine(action.start_date, action.start_time, tz)
        end = datetime.combine(action.end_date, action.end_time, tz) if action.end_time else start + DEFAULT_LENGTH
        return start, max(end, start + timedelta(minutes=1))
    return action.start_date, action.end_date + timedelta(days=1)


def _summary(action: Action) -> str:
    title = tr_text(action, "title")
    if action.status in (ActionStatus.CANCELLED, ActionStatus.POSTPONED):
        # Translators: an event title in a calendar app, e.g. "Cancelled: Spring concert".
        return _("%(status)s: %(title)s", status=STATUS_LABELS[action.status], title=title)
    return title


def _description(action: Action, link: str) -> str:
    parts = [tr_text(action, "description"), tr_text(action.institution, "name")]
    if action.status in (ActionStatus.CANCELLED, ActionStatus.POSTPONED):
        reason = tr_text(action, "status_reason")
        parts.insert(0, f"{STATUS_LABELS[action.status]}: {reason}" if reason else str(STATUS_LABELS[action.status]))
    parts.append(link)
    return "\n\n".join(p for p in parts if p)


def _location(action: Action) -> str:
    return ", ".join(p for p in (tr_text(action, "venue"), tr_text(action.settlement, "name")) if p)


def build_calendar(actions: list[Action], name: str, domain: str, tz_name: str) -> bytes:
    """A VCALENDAR with one VEVENT per action, cancelled ones kept and marked, and the VTIMEZONE they use."""
    tz = ZoneInfo(tz_name)
    cal = Calendar()
    cal.add("prodid", "-//Hashvetu//Schedule//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", tz_name)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", REFRESH)
    for action in actions:
        link = external_url("schedule.action", action_id=action.id)
        start, end = _when(action, tz)
        event = Event()
        event.add("uid", action_uid(action, domain))
        event.add("summary", _summary(action))
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("dtstamp", action.updated_dt)
        event.add("created", action.created_dt)
        event.add("last-modified", action.updated_dt)
        # Every saved edit bumps the revision; calendar apps take the higher sequence as the newer version.
        event.add("sequence", max(action.revision - 1, 0))
        event.add("status", _ICAL_STATUS.get(action.status, "CONFIRMED"))
        event.add("url", link)
        event.add("location", _location(action))
        event.add("description", _description(action, link))
        event.add("categories", [tr_text(action.institution, "name")])
        if action.status == ActionStatus.CANCELLED:
            event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
