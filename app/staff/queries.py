"""Reads for the workspace; every object is loaded through its institution so other institutions' items 404."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from wtforms import SelectChoice

from app.accounts.access import can_edit_institution
from app.extensions import db
from app.institutions.models import Institution, PlanGoal, StrategicPlan
from app.schedule.models import Action, ActionStatus, Report


def editable_institutions() -> list[Institution]:
    """The institutions the current user may edit (admins: all)."""
    stmt = select(Institution).order_by(Institution.name_hy)
    if not current_user.is_admin:
        stmt = stmt.where(Institution.id.in_(current_user.editable_institution_ids or [-1]))
    return list(db.session.scalars(stmt))


def get_institution_for_edit_or_404(slug) -> Institution:
    """The institution, or 404 when it does not exist or the user may not edit it (no hint which)."""
    institution = db.session.scalar(select(Institution).where(Institution.slug == slug))
    if institution is None or not can_edit_institution(current_user, institution.id):
        abort(404)
    return institution


def get_action_for_edit_or_404(action_id) -> Action:
    action = db.session.scalar(
        select(Action).where(Action.id == action_id)
        .options(joinedload(Action.institution), joinedload(Action.settlement), selectinload(Action.objectives))
    )
    if action is None or not can_edit_institution(current_user, action.institution_id):
        abort(404)
    return action


def get_report_for_edit_or_404(report_id) -> Report:
    report = db.session.scalar(
        select(Report).where(Report.id == report_id)
        .options(joinedload(Report.action).joinedload(Action.institution), selectinload(Report.photos),
                 selectinload(Report.documents))
    )
    if report is None or not can_edit_institution(current_user, report.action.institution_id):
        abort(404)
    return report


def workspace_actions(institution: Institution) -> list[Action]:
    """All the institution's actions, newest first, drafts included."""
    return list(db.session.scalars(
        select(Action).where(Action.institution_id == institution.id)
        .options(joinedload(Action.settlement), selectinload(Action.reports))
        .order_by(Action.start_date.desc(), Action.id.desc())
    ))


@dataclass
class Attention:
    report_overdue: list
    date_passed: list

    def __bool__(self):
        return bool(self.report_overdue or self.date_passed)


def needs_attention(institution: Institution, today: date, grace_days: int) -> Attention:
    """Actions that ended N days ago without a report, and actions whose date passed while still planned."""
    has_report = select(Report.id).where(Report.action_id == Action.id).exists()
    base = select(Action).where(Action.institution_id == institution.id).options(joinedload(Action.settlement))
    overdue = db.session.scalars(
        base.where(Action.end_date < today - timedelta(days=grace_days),
                   Action.status.not_in([ActionStatus.CANCELLED, ActionStatus.POSTPONED]), ~has_report)
        .order_by(Action.end_date)
    ).all()
    passed = db.session.scalars(
        base.where(Action.end_date < today, Action.status == ActionStatus.PLANNED).order_by(Action.end_date)
    ).all()
    return Attention(list(overdue), list(passed))


def objective_choices():
    """(id, label) of every objective of the current program, grouped under their goal codes."""
    from app.i18n import tr_text
    from app.program.queries import list_current_goals

    return [SelectChoice(o.id, f"{o.code} {tr_text(o, 'title')}") for g in list_current_goals() for o in g.objectives]


def settlement_choices():
    from app.community.queries import list_settlements
    from app.i18n import tr_text

    return [SelectChoice(s.id, tr_text(s, "name")) for s in list_settlements()]




def current_plan_for_edit(institution: Institution) -> StrategicPlan | None:
    return db.session.scalar(
        select(StrategicPlan).where(StrategicPlan.institution_id == institution.id)
        .order_by(StrategicPlan.start_year.desc()).limit(1)
        .options(selectinload(StrategicPlan.goals).selectinload(PlanGoal.objectives))
    )


def get_plan_goal_for_edit_or_404(goal_id) -> PlanGoal:
    goal = db.session.scalar(
        select(PlanGoal).where(PlanGoal.id == goal_id)
        .options(joinedload(PlanGoal.plan), selectinload(PlanGoal.objectives))
    )
    if goal is None or not can_edit_institution(current_user, goal.plan.institution_id):
        abort(404)
    return goal


@dataclass
class Drafts:
    actions: list
    reports: list


def drafts() -> Drafts:
    """Posts of institutions under review that wait for approval, oldest first."""
    actions = db.session.scalars(
        select(Action).where(Action.published.is_(False))
        .options(joinedload(Action.institution), joinedload(Action.settlement)).order_by(Action.id)
    ).all()
    reports = db.session.scalars(
        select(Report).where(Report.published.is_(False))
        .options(joinedload(Report.action).joinedload(Action.institution)).order_by(Report.id)
    ).all()
    return Drafts(list(actions), list(reports))


@dataclass
class WaitingChange:
    """A held edit of a published item, with its current (public) and proposed values per field."""

    pending: object
    item: object
    fields: list  # (field, published value, proposed value)
    photos: list = field(default_factory=list)  # photos and documents the change adds (reports only)
    documents: list = field(default_factory=list)


def pending_changes() -> list[WaitingChange]:
    """Edits of published items of institutions under review, oldest first."""
    import json

    from app.schedule.models import PendingChange

    waiting = []
    for pending in db.session.scalars(select(PendingChange).order_by(PendingChange.id)):
        model = {"action": Action, "report": Report}[pending.entity_type]
        item = db.session.get(model, pending.entity_id)
        if item is None:
            continue
        proposed = json.loads(pending.data)
        fields = [(f, getattr(item, f), v if not isinstance(v, dict) else next(iter(v.values())))
                  for f, v in proposed.items()]
        if pending.objective_ids:
            fields.append(("objectives", ", ".join(sorted(o.code for o in item.objectives)), "…"))
        if pending.entity_type == "report":
            waiting.append(WaitingChange(pending, item, fields, [p for p in item.photos if p.pending],
                                         [d for d in item.documents if d.pending]))
        else:
            waiting.append(WaitingChange(pending, item, fields))
    return waiting


def get_pending_or_404(pending_id):
    from app.schedule.models import PendingChange

    pending = db.session.get(PendingChange, pending_id)
    if pending is None:
        abort(404)
    return pending


def get_draft_or_404(kind, item_id):
    model = {"action": Action, "report": Report}.get(kind)
    item = db.session.get(model, item_id) if model else None
    if item is None or item.published:
        abort(404)
    return item
