"""Rows of the bulk exports, streamed from the database in batches (never the whole table in memory).

Each generator yields dicts whose keys are exactly the export's allowlist in app/opendata/dictionary.py.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from app.appeals.models import OPEN_STATUSES, Appeal
from app.community.models import Settlement
from app.community.queries import community_timezone
from app.extensions import db
from app.institutions.models import Institution
from app.program.models import DevelopmentProgram, Goal, Indicator, Objective
from app.schedule.models import Action, Report, action_objective
from app.schedule.queries import PUBLISHED, REPORT_PUBLISHED

BATCH = 1000


def _stream(stmt):
    """Execute with a server-side cursor where the database has one, fetching BATCH rows at a time."""
    return db.session.execute(stmt.execution_options(yield_per=BATCH))


def action_rows():
    spent = (select(Report.action_id, func.sum(Report.actual_spent).label("spent"))
             .where(Report.published.is_(True)).group_by(Report.action_id).subquery())
    codes = (select(action_objective.c.action_id,
                    func.aggregate_strings(Objective.code, ";").label("codes"))
             .join(Objective, Objective.id == action_objective.c.objective_id)
             .group_by(action_objective.c.action_id).subquery())
    stmt = (
        select(Action.id, Action.title_hy, Action.title_en, Action.title_ru, Institution.slug, Institution.name_hy,
               Settlement.slug, Settlement.name_hy, Action.start_date, Action.end_date, Action.status,
               Action.funding_source, Action.budget_planned, spent.c.spent, codes.c.codes)
        .join(Institution, Institution.id == Action.institution_id)
        .join(Settlement, Settlement.id == Action.settlement_id)
        .outerjoin(spent, spent.c.action_id == Action.id)
        .outerjoin(codes, codes.c.action_id == Action.id)
        .where(PUBLISHED)
        .order_by(Action.id)
    )
    for r in _stream(stmt):
        objectives = ";".join(sorted(r[14].split(";"))) if r[14] else ""
        yield {
            "id": r[0], "title_hy": r[1], "title_en": r[2], "title_ru": r[3], "institution": r[4],
            "institution_name_hy": r[5], "settlement": r[6], "settlement_name_hy": r[7], "start_date": r[8],
            "end_date": r[9], "status": r[10].value, "funding_source": r[11].value, "budget_planned_amd": r[12],
            "actual_spent_amd": None if r[13] is None else int(r[13]), "objectives": objectives,
        }


def report_rows():
    stmt = (
        select(Report.id, Report.action_id, Report.report_date, Report.participants, Report.actual_spent,
               Report.body_hy, Report.body_en, Report.body_ru)
        .join(Report.action).where(REPORT_PUBLISHED).order_by(Report.id)
    )
    for r in _stream(stmt):
        yield {"id": r[0], "action_id": r[1], "report_date": r[2], "participants": r[3], "actual_spent_amd": r[4],
               "body_hy": r[5], "body_en": r[6], "body_ru": r[7]}


def program_rows():
    objective = aliased(Objective)
    stmt = (
        select(Goal, objective, Indicator)
        .join(DevelopmentProgram, DevelopmentProgram.id == Goal.program_id)
        .outerjoin(objective, objective.goal_id == Goal.id)
        .outerjoin(Indicator, Indicator.objective_id == objective.id)
        .where(DevelopmentProgram.is_current.is_(True))
        .order_by(DevelopmentProgram.id, Goal.position, Goal.id, objective.position, objective.id, Indicator.id)
    )
    for goal, obj, ind in db.session.execute(stmt):
        yield {
            "goal_code": goal.code, "goal_title_hy": goal.title_hy, "goal_title_en": goal.title_en,
            "goal_title_ru": goal.title_ru,
            "objective_code": obj.code if obj else None, "objective_title_hy": obj.title_hy if obj else None,
            "objective_title_en": obj.title_en if obj else None, "objective_title_ru": obj.title_ru if obj else None,
            "indicator_name_hy": ind.name_hy if ind else None, "indicator_name_en": ind.name_en if ind else None,
            "indicator_name_ru": ind.name_ru if ind else None, "indicator_unit_hy": ind.unit_hy if ind else None,
            "baseline": ind.baseline if ind else None, "baseline_year": ind.baseline_year if ind else None,
            "target": ind.target if ind else None, "target_year": ind.target_year if ind else None,
        }


def _local_date(moment: datetime, tz) -> date:
    return moment.astimezone(tz).date()


def appeal_rows(today: date):
    """Lifecycles only: selected column by column, so no personal data or text is even read from the database."""
    tz = ZoneInfo(community_timezone())
    stmt = (
        select(Appeal.tracking_number, Appeal.kind, Appeal.channel, Settlement.slug, Institution.slug,
               Appeal.status, Appeal.received_dt, Appeal.registered_dt, Appeal.first_action_dt, Appeal.extended_dt,
               Appeal.closed_dt, Appeal.due_date, Appeal.original_due_date)
        .join(Settlement, Settlement.id == Appeal.settlement_id)
        .outerjoin(Institution, Institution.id == Appeal.institution_id)
        .order_by(Appeal.id)
    )
    for r in _stream(stmt):
        received, closed, due = r[6], r[10], r[11]
        if closed is not None:
            days = (_local_date(closed, tz) - _local_date(received, tz)).days
            late = _local_date(closed, tz) > due
        else:
            days = None
            late = r[5] in OPEN_STATUSES and today > due
        yield {
            "tracking_number": r[0], "kind": r[1].value, "channel": r[2].value, "settlement": r[3],
            "institution": r[4], "status": r[5].value, "received_dt": received, "registered_dt": r[7],
            "first_action_dt": r[8], "extended_dt": r[9], "closed_dt": closed, "due_date": due,
            "original_due_date": r[12], "response_days": days, "late": late,
        }


def rows_for(name, today):
    return {"actions": action_rows, "reports": report_rows, "program": program_rows,
            "appeals": lambda: appeal_rows(today)}[name]()
