"""CSV and XLSX downloads of the dashboard's tables: the same figures, machine-readable, never personal data.

`COLUMNS` is the reviewed allowlist: a table's rows are written through it, and tests/test_dashboard.py holds its own
copy, so a column added here without review fails the suite.
"""

import io
from datetime import date, datetime

from app import csvfiles
from app.dashboard import queries
from app.dashboard.filters import MUNICIPALITY

COLUMNS = {
    "appeals": ("group", "received", "open", "closed", "withdrawn", "overdue", "answered_late", "on_time_share",
                "on_time_low", "on_time_high", "median_days", "p90_days", "median_working_days",
                "p90_working_days"),
    "response_times": ("days_from", "days_to", "appeals"),
    "overdue": ("tracking_number", "kind", "settlement", "addressee", "received_dt", "due_date", "days_late"),
    "lifecycle": queries.LIFECYCLE_COLUMNS,
    "institutions": ("rank", "institution", "actions", "planned", "done", "postponed", "cancelled",
                     "reports_overdue", "budget_planned", "spent", "planned_of_reported", "variance",
                     "last_report", "days_since_report", "reported_on_time", "due_for_report",
                     "reported_on_time_low"),
    "program": ("level", "code", "actions", "done", "cancelled", "done_share", "budget_planned", "spent"),
    "settlements": ("settlement", "population", "actions", "budget_planned", "spent", "planned_per_resident",
                    "spent_per_resident", "appeals", "appeals_per_1000"),
}
# Tables with one row per appeal: staff only (they still carry no personal data).
STAFF_ONLY = frozenset({"overdue", "lifecycle"})
FORMATS = ("csv", "xlsx")


def _round(value, digits=4):
    return None if value is None else round(value, digits)


def _group_label(by, key):
    if by == "month":
        return key.strftime("%Y-%m")
    if by == "kind":
        return key.value
    if key is None:
        return MUNICIPALITY
    return key.slug


def _stats_row(label, s: queries.AppealStats):
    share = s.on_time_share
    shown = share.shown
    return (label, s.received, s.open, s.closed, s.withdrawn, s.overdue, s.late,
            _round(share.value) if shown else None, _round(share.low) if shown else None,
            _round(share.high) if shown else None, s.median_days, s.p90_days, s.median_working_days,
            s.p90_working_days)


def rows(table, filters, opts, today):
    """The rows of one table under the filters, in COLUMNS order."""
    if table == "appeals":
        panel = queries.appeals_panel(filters, opts, today)
        yield _stats_row("all", panel.total)
        for group in panel.groups:
            yield _stats_row(_group_label(filters.by, group.key), group)
    elif table == "response_times":
        for bucket in queries.appeals_panel(filters, opts, today).histogram:
            yield bucket.low, bucket.high, bucket.count
    elif table == "overdue":
        for item in queries.appeals_panel(filters, opts, today, overdue_list=True).overdue:
            yield (item.tracking_number, item.kind.value, item.settlement.slug if item.settlement else None,
                   item.institution.slug if item.institution else MUNICIPALITY, item.received_dt, item.due_date,
                   item.days_late)
    elif table == "lifecycle":
        yield from queries.appeal_lifecycles(filters, opts, today)
    elif table == "institutions":
        for r in queries.institutions_panel(filters, opts, today):
            share = r.reporting
            yield (r.rank, r.institution.slug, r.actions, r.planned, r.done, r.postponed, r.cancelled,
                   r.reports_overdue, r.budget_planned, r.spent, r.planned_of_reported, r.variance, r.last_report,
                   r.days_since_report, share.successes if share else 0, share.total if share else 0,
                   _round(share.low) if share and share.total else None)
    elif table == "program":
        panel = queries.program_panel(filters)
        if panel.program is not None:
            for goal in panel.program.goals:
                yield _tally_row("goal", goal.code, panel.by_goal[goal.id])
                for objective in goal.objectives:
                    yield _tally_row("objective", objective.code, panel.by_objective[objective.id])
    elif table == "settlements":
        for s in queries.settlements_panel(filters, opts, today):
            yield (s.settlement.slug, s.population, s.actions, s.budget_planned, s.spent,
                   _round(s.planned_per_resident, 2), _round(s.spent_per_resident, 2), s.appeals,
                   _round(s.appeals_per_thousand, 2))
    else:
        raise KeyError(table)


def _tally_row(level, code, tally):
    return (level, code, tally.actions, tally.done, tally.cancelled, _round(tally.done_share), tally.planned,
            tally.spent)


def _cell(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "value"):  # a StrEnum
        return value.value
    return value


def _checked(table, row):
    columns = COLUMNS[table]
    if len(row) != len(columns):
        raise ValueError(f"export {table}: {len(row)} values for {len(columns)} columns")
    return [_cell(value) for value in row]


def csv_chunks(table, row_iter):
    """The CSV text in chunks (streamed: the lifecycle table may be long)."""
    buffer = io.StringIO()
    writer = csvfiles.writer(buffer)
    writer.writerow(COLUMNS[table])
    for n, row in enumerate(row_iter, start=1):
        writer.writerow(_checked(table, row))
        if n % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_bytes(table, row_iter) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(table)
    sheet.append(list(COLUMNS[table]))
    for row in row_iter:
        sheet.append(_checked(table, row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
