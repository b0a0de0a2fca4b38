"""Writes of the development program: the program, its goals, objectives and indicators. The program is public
from the start, so every change of an item is a public version (app/audit/versions.py) in the same transaction as its
audit entry; each use case commits once."""

from app.audit.services import audit, record_changes, snapshot
from app.audit.versions import assign, check_fresh, codes, save_changes
from app.extensions import db
from app.i18n import LANGS
from app.program.models import DevelopmentProgram, Goal, Indicator, Objective
from app.program.queries import objective_links


def _each_lang(*names):
    return [f"{name}_{lang}" for name in names for lang in LANGS]


# The public history keeps what residents read; the order of goals in lists is not part of the promise.
PROGRAM_FIELDS = [*_each_lang("title"), "start_year", "end_year", "council_decision", "adopted_on", "document_url"]
GOAL_FIELDS = ["code", *_each_lang("title", "description")]
OBJECTIVE_FIELDS = ["code", *_each_lang("title")]
INDICATOR_FIELDS = [*_each_lang("name", "unit"), "baseline", "baseline_year", "target", "target_year"]


class StillLinked(Exception):
    """A program item cannot be deleted while actions or strategic plans point at it."""

    def __init__(self, links):
        super().__init__("still linked")
        self.links = links


def _versioned_update(entity_type, item, fields, data, actor, revision) -> list[str]:
    check_fresh(item, revision)
    # The municipality (institution None) publishes the program.
    changed = save_changes(item, entity_type, fields, lambda: assign(item, data), actor, institution_id=None)
    if changed:
        audit(f"{entity_type}.update", actor=actor, target=item, details={"fields": changed})
    db.session.commit()
    return changed


def _names(indicators):
    return "; ".join(indicator.name_hy for indicator in indicators) or None


def create_program(data, actor) -> DevelopmentProgram:
    program = DevelopmentProgram(**data, is_current=True)
    db.session.add(program)
    db.session.flush()
    audit("program.create", actor=actor, target=program, details=snapshot(program, PROGRAM_FIELDS))
    db.session.commit()
    return program


def update_program(program, data, actor, revision=None) -> list[str]:
    return _versioned_update("program", program, PROGRAM_FIELDS, data, actor, revision)


def create_goal(program, data, actor) -> Goal:
    """Add a goal; the program's list of goal codes changes, and that change is kept publicly."""
    before = {"goals": codes(program.goals)}
    goal = Goal(**data)
    program.goals.append(goal)
    db.session.flush()
    record_changes("program", program.id, before, {"goals": codes(program.goals)}, actor=actor)
    audit("goal.create", actor=actor, target=goal, details=snapshot(goal, GOAL_FIELDS))
    db.session.commit()
    return goal


def update_goal(goal, data, actor, revision=None) -> list[str]:
    return _versioned_update("goal", goal, GOAL_FIELDS, data, actor, revision)


def delete_goal(goal, actor):
    """Delete a goal with its objectives and indicators, unless actions or strategic plans link to them."""
    links = objective_links([o.id for o in goal.objectives])
    if links.any:
        raise StillLinked(links)
    program = goal.program
    before = {"goals": codes(program.goals)}
    details = snapshot(goal, GOAL_FIELDS) | {"objectives": codes(goal.objectives)}
    audit("goal.delete", actor=actor, target=goal, details=details)
    program.goals.remove(goal)
    db.session.flush()
    record_changes("program", program.id, before, {"goals": codes(program.goals)}, actor=actor)
    db.session.commit()


def create_objective(goal, data, actor) -> Objective:
    before = {"objectives": codes(goal.objectives)}
    objective = Objective(**data)
    goal.objectives.append(objective)
    db.session.flush()
    record_changes("goal", goal.id, before, {"objectives": codes(goal.objectives)}, actor=actor)
    audit("objective.create", actor=actor, target=objective, details=snapshot(objective, OBJECTIVE_FIELDS))
    db.session.commit()
    return objective


def update_objective(objective, data, actor, revision=None) -> list[str]:
    return _versioned_update("objective", objective, OBJECTIVE_FIELDS, data, actor, revision)


def delete_objective(objective, actor):
    links = objective_links([objective.id])
    if links.any:
        raise StillLinked(links)
    goal = objective.goal
    before = {"objectives": codes(goal.objectives)}
    audit("objective.delete", actor=actor, target=objective, details=snapshot(objective, OBJECTIVE_FIELDS))
    goal.objectives.remove(objective)
    db.session.flush()
    record_changes("goal", goal.id, before, {"objectives": codes(goal.objectives)}, actor=actor)
    db.session.commit()


def create_indicator(objective, data, actor) -> Indicator:
    before = {"indicators": _names(objective.indicators)}
    indicator = Indicator(**data)
    objective.indicators.append(indicator)
    db.session.flush()
    record_changes("objective", objective.id, before, {"indicators": _names(objective.indicators)}, actor=actor)
    audit("indicator.create", actor=actor, target=indicator, details=snapshot(indicator, INDICATOR_FIELDS))
    db.session.commit()
    return indicator


def update_indicator(indicator, data, actor, revision=None) -> list[str]:
    return _versioned_update("indicator", indicator, INDICATOR_FIELDS, data, actor, revision)


def delete_indicator(indicator, actor):
    objective = indicator.objective
    before = {"indicators": _names(objective.indicators)}
    audit("indicator.delete", actor=actor, target=indicator, details=snapshot(indicator, INDICATOR_FIELDS))
    objective.indicators.remove(indicator)
    db.session.flush()
    record_changes("objective", objective.id, before, {"indicators": _names(objective.indicators)}, actor=actor)
    db.session.commit()
