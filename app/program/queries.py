"""Reads of the development program and what the schedule does for each of its parts."""

from dataclasses import dataclass, field

from flask import g
from sqlalchemy import case, func, select, true
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.institutions.models import plan_goal_objective
from app.program.models import DevelopmentProgram, Goal, Objective
from app.schedule.models import action_objective


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
# How many of the newest actions to walk for those lists before asking objective by objective.
_WALK_LIMIT, _WALK_BATCH = 20_000, 1_000


def _tally(figures) -> Tally:
    actions, done, cancelled, planned, spent = figures
    return Tally(int(actions), int(done), int(cancelled), int(planned), int(spent))


def program_tallies(program: DevelopmentProgram, conditions) -> tuple[dict[int, Tally], dict[int, Tally], Tally]:
    """(by goal, by objective, total) of the actions matching `conditions` (published ones, a date range...).

    An action linked to two objectives of one goal counts once for that goal and once in the total. One grouped
    query per objective, read from the link table and the actions' stored report sums (Action.reported_spent);
    the figures of a goal and of the program are the sums of their objectives', less the extra counts of the few
    actions linked to several objectives, which are read one by one. Nothing here grows with the number of actions
    in Python. The dashboard's program panel counts the same way with a date range.
    """
    from app.schedule.models import Action, ActionStatus, action_objective

    goal_of = {o.id: goal.id for goal in program.goals for o in goal.objectives}
    link = action_objective.c
    not_cancelled = Action.status != ActionStatus.CANCELLED
    # Every objective's figures (those of other programs are dropped below: a filter on the program's objectives
    # in SQL would probe the link table once per objective for every action).
    rows = db.session.execute(
        select(link.objective_id, func.count(), func.count().filter(Action.status == ActionStatus.DONE),
               func.count().filter(Action.status == ActionStatus.CANCELLED),
               func.coalesce(func.sum(case((not_cancelled, Action.budget_planned), else_=0)), 0),
               func.coalesce(func.sum(Action.reported_spent), 0))
        .select_from(Action).join(action_objective, link.action_id == Action.id)
        .where(*conditions)
        .group_by(link.objective_id))
    by_objective = {o: [0, 0, 0, 0, 0] for o in goal_of}
    for objective_id, *figures in rows:
        if objective_id in by_objective:
            by_objective[objective_id] = [int(v) for v in figures]
    by_goal = {goal.id: [0, 0, 0, 0, 0] for goal in program.goals}
    total = [0, 0, 0, 0, 0]
    for objective_id, figures in by_objective.items():
        for sums in (by_goal[goal_of[objective_id]], total):
            for i, value in enumerate(figures):
                sums[i] += value
    # Actions linked to more than one objective were added once per link: take the extra ones off.
    shared = select(link.action_id).group_by(link.action_id).having(func.count() > 1)
    links: dict[int, tuple[list, list]] = {}
    for action_id, objective_id, status, budget, spent in db.session.execute(
            select(Action.id, link.objective_id, Action.status, Action.budget_planned, Action.reported_spent)
            .select_from(Action).join(action_objective, link.action_id == Action.id)
            .where(*conditions, Action.id.in_(shared))):
        if objective_id in goal_of:
            figures = [1, int(status == ActionStatus.DONE), int(status == ActionStatus.CANCELLED),
                       0 if status == ActionStatus.CANCELLED else int(budget), int(spent or 0)]
            links.setdefault(action_id, (figures, []))[1].append(goal_of[objective_id])
    for figures, goals in links.values():
        for sums, extra in [(total, len(goals) - 1)] + [(by_goal[goal], goals.count(goal) - 1) for goal in set(goals)]:
            for i, value in enumerate(figures):
                sums[i] -= extra * value
    return ({g: _tally(f) for g, f in by_goal.items()}, {o: _tally(f) for o, f in by_objective.items()},
            _tally(total))


def _recent_linked(wanted: dict[int, int]) -> dict[int, list[int]]:
    """The ids of each objective's newest published actions (by start), `wanted[objective]` of them at most.

    Walks the newest actions along the schedule's index, a batch at a time, until every list is full; an objective
    whose actions are all old is then asked for on its own. A few small queries, whatever the number of actions.
    """
    from app.schedule.models import Action, action_objective

    link = action_objective.c
    found: dict[int, list[int]] = {o: [] for o in wanted}
    need = {o: n for o, n in wanted.items() if n > 0}
    newest = (Action.start_date.desc(), Action.start_time.desc(), Action.id.desc())
    walked = 0
    while need and walked < _WALK_LIMIT:
        ids = list(db.session.scalars(select(Action.id).where(Action.published == true()).order_by(*newest)
                                      .limit(_WALK_BATCH).offset(walked)))
        if not ids:
            break
        walked += len(ids)
        position = {action_id: n for n, action_id in enumerate(ids)}
        pairs = db.session.execute(select(link.action_id, link.objective_id)
                                   .where(link.action_id.in_(ids), link.objective_id.in_(list(need)))).all()
        for action_id, objective_id in sorted(pairs, key=lambda pair: position[pair[0]]):
            if need.get(objective_id):
                found[objective_id].append(action_id)
                need[objective_id] -= 1
                if not need[objective_id]:
                    del need[objective_id]
    for objective_id, missing in need.items():
        taken = found[objective_id]
        found[objective_id] += list(db.session.scalars(
            select(Action.id).join(action_objective, link.action_id == Action.id)
            .where(link.objective_id == objective_id, Action.published == true(), Action.id.not_in(taken or [0]))
            .order_by(*newest).limit(missing)))
    return found


def program_progress(program: DevelopmentProgram) -> ProgramProgress:
    """Count actions, budgets and completion per objective and per goal, each action once per goal; each
    objective also lists its LINKED_LIMIT most recent actions (program_tallies, _recent_linked)."""
    from app.schedule.models import Action

    by_goal, by_objective, total = program_tallies(program, [Action.published == true()])
    recent = _recent_linked({o: min(LINKED_LIMIT, t.actions) for o, t in by_objective.items()})
    wanted = {action_id for ids in recent.values() for action_id in ids}
    if wanted:
        actions = {a.id: a for a in db.session.scalars(
            select(Action).where(Action.id.in_(wanted)).options(joinedload(Action.settlement)))}
        for objective_id, ids in recent.items():
            by_objective[objective_id].linked = sorted((actions[i] for i in ids), key=lambda a: (a.start_date, a.id))
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


def objectives_by_id(ids) -> list[Objective]:
    if not ids:
        return []
    return list(db.session.scalars(select(Objective).where(Objective.id.in_(ids))))


@dataclass
class Links:
    """What still points at some objectives: actions in schedules and goals of institutions' strategic plans."""

    actions: int
    plan_goals: int

    @property
    def any(self):
        return bool(self.actions or self.plan_goals)


def objective_links(objective_ids) -> Links:
    ids = list(objective_ids)
    if not ids:
        return Links(0, 0)
    actions = db.session.scalar(
        select(func.count(func.distinct(action_objective.c.action_id)))
        .where(action_objective.c.objective_id.in_(ids))
    )
    plan_goals = db.session.scalar(
        select(func.count(func.distinct(plan_goal_objective.c.plan_goal_id)))
        .where(plan_goal_objective.c.objective_id.in_(ids))
    )
    return Links(actions or 0, plan_goals or 0)
