"""Reads of the development program and what the schedule does for each of its parts."""

from dataclasses import dataclass, field

from flask import g
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.program.models import DevelopmentProgram, Goal, Objective


def get_current_program() -> DevelopmentProgram | None:
    """The program in force, with goals, objectives and indicators (a fixed number of queries)."""
    if "current_program" not in g:
        g.current_program = db.session.scalar(
            select(DevelopmentProgram)
            .where(DevelopmentProgram.is_current.is_(True))
            .order_by(DevelopmentProgram.start_year.desc())
            .limit(1)
            .options(selectinload(DevelopmentProgram.goals).selectinload(Goal.objectives).selectinload(Objective.indicators))
        )
    return g.current_program


def list_current_goals() -> list[Goal]:
    program = get_current_program()
    return list(program.goals) if program else []


@dataclass
class Tally:
    """Actions counted once each, their planned and reported budget, and how many are done."""

    actions: int = 0
    done: int = 0
    cancelled: int = 0
    planned: int = 0
    spent: int = 0
    linked: list = field(default_factory=list)

    @property
    def done_share(self):
        live = self.actions - self.cancelled
        return self.done / live if live else None


@dataclass
class ProgramProgress:
    program: DevelopmentProgram
    by_goal: dict[int, Tally]
    by_objective: dict[int, Tally]
    uncovered: list[Objective]
    total: Tally


def program_progress(program: DevelopmentProgram) -> ProgramProgress:
    """Count actions, budgets and completion per objective and per goal, each action once per goal.

    An action linked to two objectives of one goal counts once for that goal, so goal totals are not
    inflated; four queries whatever the size of the schedule.
    """
    from app.schedule.models import Action, ActionStatus, Report, action_objective

    spent_per_action = (
        select(Report.action_id, func.sum(Report.actual_spent).label("spent"))
        .group_by(Report.action_id)
        .subquery()
    )
    objective_ids = [o.id for goal in program.goals for o in goal.objectives]
    pairs = (
        select(action_objective.c.objective_id, Objective.goal_id, Action)
        .join(Action, Action.id == action_objective.c.action_id)
        .join(Objective, Objective.id == action_objective.c.objective_id)
        .where(action_objective.c.objective_id.in_(objective_ids))
        .options(joinedload(Action.settlement))
        .order_by(Action.start_date, Action.id)
    )
    rows = db.session.execute(pairs).all()
    spent = dict(db.session.execute(select(spent_per_action.c.action_id, spent_per_action.c.spent)).all())

    by_objective: dict[int, Tally] = {o: Tally() for o in objective_ids}
    by_goal: dict[int, Tally] = {goal.id: Tally() for goal in program.goals}
    total = Tally()
    seen_goal: set[tuple[int, int]] = set()
    seen_total: set[int] = set()
    for objective_id, goal_id, action in rows:
        _add(by_objective[objective_id], action, spent.get(action.id), ActionStatus)
        if (goal_id, action.id) not in seen_goal:
            seen_goal.add((goal_id, action.id))
            _add(by_goal[goal_id], action, spent.get(action.id), ActionStatus)
        if action.id not in seen_total:
            seen_total.add(action.id)
            _add(total, action, spent.get(action.id), ActionStatus)
    uncovered = [o for goal in program.goals for o in goal.objectives if not by_objective[o.id].actions]
    return ProgramProgress(program, by_goal, by_objective, uncovered, total)


def _add(tally: Tally, action, spent, statuses):
    tally.actions += 1
    tally.linked.append(action)
    if action.status == statuses.DONE:
        tally.done += 1
    if action.status == statuses.CANCELLED:
        tally.cancelled += 1
    else:
        tally.planned += action.budget_planned
    tally.spent += int(spent or 0)


def count_objectives(program) -> int:
    return sum(len(goal.objectives) for goal in program.goals)

