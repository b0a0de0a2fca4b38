"""The dashboard's filters, parsed from the query string, so every view can be bookmarked and shared."""

import re
from dataclasses import dataclass, field
from datetime import date

from app.appeals.deadlines import Kind

_SLUG = re.compile(r"^[a-z0-9-]{1,80}$")
GROUPINGS = ("month", "kind", "settlement", "addressee")
MUNICIPALITY = "municipality"  # the addressee value for appeals written to the municipality itself


@dataclass
class DashboardFilters:
    date_from: date
    date_to: date
    settlement: str | None = None  # slug
    kind: Kind | None = None
    addressee: str | None = None  # "municipality" or an institution slug
    by: str = "month"
    # Parameters that were given but not understood, so the page can say so.
    ignored: list[str] = field(default_factory=list)
    # Resolved by the query layer: ids of the settlement and institution the slugs name.
    settlement_id: int | None = None
    institution_id: int | None = None

    @classmethod
    def from_args(cls, args, today: date):
        """Parse request.args; a value that is not understood is dropped and reported, never a 500.

        Without dates the view covers the current calendar year.
        """
        f = cls(date_from=date(today.year, 1, 1), date_to=date(today.year, 12, 31))
        for name in ("date_from", "date_to"):
            value = (args.get(name) or "").strip()
            if value:
                try:
                    parsed = date.fromisoformat(value)
                except ValueError:
                    f.ignored.append(name)
                    continue
                if 1900 < parsed.year < 3000:
                    setattr(f, name, parsed)
                else:
                    f.ignored.append(name)
        if f.date_to < f.date_from:
            f.ignored.append("date_to")
            f.date_to = date(f.date_from.year, 12, 31)
        for name in ("settlement", "addressee"):
            value = (args.get(name) or "").strip()
            if value:
                if _SLUG.match(value):
                    setattr(f, name, value)
                else:
                    f.ignored.append(name)
        kind = (args.get("kind") or "").strip()
        if kind:
            try:
                f.kind = Kind(kind)
            except ValueError:
                f.ignored.append("kind")
        by = (args.get("by") or "").strip()
        if by:
            if by in GROUPINGS:
                f.by = by
            else:
                f.ignored.append("by")
        return f

    def args(self, **changes) -> dict:
        """The query string of this view (for links to panels and exports), with `changes` applied."""
        values = {
            "date_from": self.date_from.isoformat(),
            "date_to": self.date_to.isoformat(),
            "settlement": self.settlement,
            "kind": self.kind.value if self.kind else None,
            "addressee": self.addressee,
            "by": self.by,
        }
        values.update(changes)
        return {k: v for k, v in values.items() if v}
