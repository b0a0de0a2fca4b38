"""The schedule's filters, parsed from the query string (the public URL contract)."""

import re
from dataclasses import dataclass, field
from datetime import date

from app.schedule.models import ActionStatus

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_SLUG = re.compile(r"^[a-z0-9-]{1,80}$")
_CODE = re.compile(r"^[0-9A-Za-z.]{1,16}$")
VIEWS = ("list", "calendar")
# The list shows what is still running or to come (the default) or what has ended, latest first.
PERIODS = ("coming", "past")


@dataclass
class ScheduleFilters:
    settlement: str | None = None
    institution: str | None = None
    goal: str | None = None
    status: ActionStatus | None = None
    month: date | None = None  # first day of the month
    view: str = "list"
    # Without a month the list is split at today; `when=past` is the other half (a month shows all of itself).
    past: bool = False
    page: int | None = None
    # Names of parameters that were given but not understood, so the page can say so.
    ignored: list[str] = field(default_factory=list)

    @classmethod
    def from_args(cls, args):
        """Parse request.args; a value that is not understood is dropped and reported, never a 500."""
        f = cls()
        for name, pattern in (("settlement", _SLUG), ("institution", _SLUG), ("goal", _CODE)):
            value = (args.get(name) or "").strip()
            if value:
                if pattern.match(value):
                    setattr(f, name, value)
                else:
                    f.ignored.append(name)
        status = (args.get("status") or "").strip()
        if status:
            try:
                f.status = ActionStatus(status)
            except ValueError:
                f.ignored.append("status")
        month = (args.get("month") or "").strip()
        if month:
            m = _MONTH.match(month)
            if m and 1900 < int(m.group(1)) < 3000:
                f.month = date(int(m.group(1)), int(m.group(2)), 1)
            else:
                f.ignored.append("month")
        view = args.get("view") or "list"
        if view in VIEWS:
            f.view = view
        else:
            f.ignored.append("view")
        when = (args.get("when") or "").strip()
        if when:
            if when in PERIODS:
                f.past = when == "past"
            else:
                f.ignored.append("when")
        page = (args.get("page") or "").strip()
        if page:
            if page.isdecimal() and 0 < int(page) < 100000:
                f.page = int(page)
            else:
                f.ignored.append("page")
        return f

    def as_args(self, **changes):
        """The query parameters of the selection (with changes): subscriptions, feeds and the calendar.

        The past/coming split is a way of paging the list, not part of what is selected, so it is left out here
        (a subscription or a feed made from the past view carries the same actions as one made from today's).
        """
        values = {
            "settlement": self.settlement,
            "institution": self.institution,
            "goal": self.goal,
            "status": self.status.value if self.status else None,
            "month": self.month.strftime("%Y-%m") if self.month else None,
            "view": self.view if self.view != "list" else None,
            "page": self.page,
        }
        values.update(changes)
        return {k: v for k, v in values.items() if v not in (None, "")}

    def list_args(self, **changes):
        """The query parameters of the list as shown, for its own pagination and links."""
        return self.as_args(**{"when": "past" if self.past and not self.month else None, **changes})

    @property
    def active(self):
        return any((self.settlement, self.institution, self.goal, self.status, self.month))
