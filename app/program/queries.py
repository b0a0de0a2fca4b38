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


# Each objective lists its most recent linked actions; the schedule's goal filter has all of them.
LINKED_LIMIT = 10


def program_progress(program: DevelopmentProgram) -> ProgramProgress:
    """Count actions, budgets and completion per objective and per goal, each action once per goal.

    An action linked to two objectives of one goal counts once for that goal, so goal totals are not
    inflated. One pass over light (objective, goal, action, status, budget, date) rows and the reported sums; each
    objective keeps its LINKED_LIMIT most recent actions, loaded in full afterwards. Three queries.
    """
    import heapq

    from app.schedule.models import Action, ActionStatus, Report, action_objective

    objective_ids = [o.id for goal in program.goals for o in goal.objectives]
    by_objective: dict[int, Tally] = {o: Tally() for o in objective_ids}
    by_goal: dict[int, Tally] = {goal.id: Tally() for goal in program.goals}
    total = Tally()
    if not objective_ids:
        return ProgramProgress(program, by_goal, by_objective, [], total)
    # Plain values straight from the driver (no per-row type conversion): 100,000 rows stay cheap.
    links = (
        select(action_objective.c.objective_id, Objective.goal_id, Action.id, Action.status, Action.budget_planned,
               Action.start_date)
        .join(Objective, Objective.id == action_objective.c.objective_id)
        .join(Action, Action.id == action_objective.c.action_id)
        .where(action_objective.c.objective_id.in_(objective_ids), Action.published.is_(True))
    )
    compiled = links.compile(db.session.get_bind(), compile_kwargs={"render_postcompile": True})
    rows = db.session.connection().exec_driver_sql(
        str(compiled), tuple(compiled.params[name] for name in compiled.positiontup)
        if compiled.positional else compiled.params).all()
    spent = dict(db.session.execute(
        select(Report.action_id, func.sum(Report.actual_spent))
        .where(Report.published.is_(True), Report.actual_spent.is_not(None))
        .group_by(Report.action_id)
    ).all())
    recent: dict[int, list] = {o: [] for o in objective_ids}
    seen_goal: set[tuple[int, int]] = set()
    seen_total: set[int] = set()
    done, cancelled = ActionStatus.DONE.value, ActionStatus.CANCELLED.value
    for objective_id, goal_id, action_id, status, budget, start in rows:
        amount = int(spent.get(action_id) or 0)
        tallies = [by_objective[objective_id]]
        if (goal_id, action_id) not in seen_goal:
            seen_goal.add((goal_id, action_id))
            tallies.append(by_goal[goal_id])
        if action_id not in seen_total:
            seen_total.add(action_id)
            tallies.append(total)
        for tally in tallies:
            tally.actions += 1
            tally.spent += amount
            if status == cancelled:
                tally.cancelled += 1
            else:
                tally.planned += budget
                if status == done:
                    tally.done += 1
        heap = recent[objective_id]
        if len(heap) < LINKED_LIMIT:
            heapq.heappush(heap, (start, action_id))
        elif (start, action_id) > heap[0]:
            heapq.heapreplace(heap, (start, action_id))
    wanted = {action_id for heap in recent.values() for _start, action_id in heap}
    if wanted:
        actions = {a.id: a for a in db.session.scalars(
            select(Action).where(Action.id.in_(wanted)).options(joinedload(Action.settlement)))}
        for objective_id, heap in recent.items():
            by_objective[objective_id].linked = [actions[action_id] for _start, action_id in sorted(heap)]
    uncovered = [o for goal in program.goals for o in goal.objectives if not by_objective[o.id].actions]
    return ProgramProgress(program, by_goal, by_objective, uncovered, total)


@dataclass
class HistoryEntry:
    """One changed field of the program, a goal, an objective or an indicator, with its values typed for display."""

    version: object
    entity_type: str
    item: object
    old: object
    new: object


@dataclass
class ProgramHistory:
    program: list[HistoryEntry]
    by_goal: dict[int, list[HistoryEntry]]


def program_history(program: DevelopmentProgram) -> ProgramHistory:
    """The public change history of the program, and of each goal with its objectives and indicators (one query)."""
    from decimal import Decimal, InvalidOperation

    from sqlalchemy import and_, or_

    from app.audit.models import Version

    goals = {goal.id: goal for goal in program.goals}
    objectives = {o.id: o for goal in program.goals for o in goal.objectives}
    indicators = {i.id: i for o in objectives.values() for i in o.indicators}
    goal_of = {
        "goal": {goal_id: goal_id for goal_id in goals},
        "objective": {o.id: o.goal_id for o in objectives.values()},
        "indicator": {i.id: o.goal_id for o in objectives.values() for i in o.indicators},
    }
    items = {"program": {program.id: program}, "goal": goals, "objective": objectives, "indicator": indicators}
    versions = db.session.scalars(
        select(Version)
        .where(or_(*(and_(Version.entity_type == kind, Version.entity_id.in_(list(ids)))
                     for kind, ids in items.items())))
        .order_by(Version.id.desc())
    )

    def typed(field_name, text):
        if text is None:
            return None
        try:
            if field_name == "adopted_on":
                from datetime import date

                return date.fromisoformat(text)
            if field_name in ("baseline", "target"):
                return Decimal(text)
        except (ValueError, InvalidOperation):
            pass
        return text

    result = ProgramHistory([], {goal_id: [] for goal_id in goals})
    for v in versions:
        item = items[v.entity_type].get(v.entity_id)
        if item is None:
            continue
        entry = HistoryEntry(v, v.entity_type, item, typed(v.field, v.old_value), typed(v.field, v.new_value))
        if v.entity_type == "program":
            result.program.append(entry)
        else:
            result.by_goal[goal_of[v.entity_type][v.entity_id]].append(entry)
    return result
