"""The public change history of actions and reports, worded for residents."""

from dataclasses import dataclass
from datetime import date, datetime

from app.community.queries import list_settlements
from app.i18n import date_long, money, tr_text
from app.schedule.labels import FIELD_LABELS, FUNDING_LABELS, STATUS_LABELS
from app.schedule.models import ActionStatus, FundingSource

TEXT_LIMIT = 160


@dataclass
class HistoryRow:
    when: datetime
    field: str
    old: str
    new: str
    institution: object


def _shown(field, value, settlements):
    if value is None:
        return "—"
    try:
        if field in ("budget_planned", "actual_spent"):
            return money(int(value))
        if field in ("start_date", "end_date", "report_date"):
            return date_long(date.fromisoformat(value))
        if field == "status":
            return str(STATUS_LABELS[ActionStatus(value)])
        if field == "funding_source":
            return str(FUNDING_LABELS[FundingSource(value)])
        if field == "settlement_id":
            return settlements.get(int(value), value)
    except (ValueError, KeyError):
        pass
    text = value if len(value) <= TEXT_LIMIT else value[: TEXT_LIMIT - 1] + "…"
    return f"«{text}»"


def describe(changes) -> list[HistoryRow]:
    """Turn (Version, Institution) pairs into rows with values formatted for the active locale."""
    settlements = {s.id: tr_text(s, "name") for s in list_settlements()}
    return [
        HistoryRow(v.created_dt, str(FIELD_LABELS.get(v.field, v.field)), _shown(v.field, v.old_value, settlements),
                   _shown(v.field, v.new_value, settlements), institution)
        for v, institution in changes
    ]
