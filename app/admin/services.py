"""Writes of the admin screens. Each use case commits once, with its audit entry and, for published program
items, one version per changed field in the same transaction."""

from flask import current_app
from sqlalchemy import update

from app.audit.services import audit, record_changes, snapshot
from app.community.models import Settlement
from app.extensions import db
from app.institutions.models import Institution
from app.program.models import DevelopmentProgram, Goal, Indicator, Objective
from app.workdays.models import CalendarOverride
from app.workdays.signals import calendar_changed

LANGS = ("hy", "en", "ru")


def _each_lang(*names):
    return [f"{name}_{lang}" for name in names for lang in LANGS]


SETTLEMENT_FIELDS = ["slug", *_each_lang("name"), "population", "population_year", "is_centre", "position"]
INSTITUTION_FIELDS = ["slug", "kind", "settlement_id", *_each_lang("name", "address", "head_name", "description"),
                      "phone", "email", "website", "requires_review"]
# The public history keeps what residents read; the order of goals in lists is not part of the promise.
PROGRAM_FIELDS = [*_each_lang("title"), "start_year", "end_year", "council_decision", "adopted_on", "document_url"]
GOAL_FIELDS = ["code", *_each_lang("title", "description")]
OBJECTIVE_FIELDS = ["code", *_each_lang("title")]
INDICATOR_FIELDS = [*_each_lang("name", "unit"), "baseline", "baseline_year", "target", "target_year"]
OVERRIDE_FIELDS = ["day", "kind", *_each_lang("note")]


class StillLinked(Exception):
    """A program item cannot be deleted while actions or strategic plans point at it."""

    def __init__(self, links):
        super().__init__("still linked")
        self.links = links


class StaleEdit(Exception):
    """The item changed after the form was opened; the save is refused instead of overwriting."""


def _assign(item, data):
    for key, value in data.items():
        setattr(item, key, value)


# --- settlements and institutions (settings: audited, not versioned) ---------------------------------------------


def _make_sole_centre(settlement):
    """Exactly one centre: the one being saved takes the role from any other."""
    db.session.execute(
        update(Settlement).where(Settlement.id != settlement.id, Settlement.is_centre.is_(True))
        .values(is_centre=False)
    )


def create_settlement(data, actor) -> Settlement:
    settlement = Settlement(**data)
    db.session.add(settlement)
    db.session.flush()
    if settlement.is_centre:
        _make_sole_centre(settlement)
    audit("settlement.create", actor=actor, target=settlement, details=snapshot(settlement, SETTLEMENT_FIELDS))
    db.session.commit()
    return settlement


def update_settlement(settlement, data, actor) -> list[str]:
    before = snapshot(settlement, SETTLEMENT_FIELDS)
    _assign(settlement, data)
    after = snapshot(settlement, SETTLEMENT_FIELDS)
    changed = [f for f in after if before[f] != after[f]]
    if settlement.is_centre:
        _make_sole_centre(settlement)
    if changed:
        audit("settlement.update", actor=actor, target=settlement,
              details={f: [before[f], after[f]] for f in changed})
    db.session.commit()
    return changed


def create_institution(data, actor) -> Institution:
    institution = Institution(**data)
    db.session.add(institution)
    db.session.flush()
    audit("institution.create", actor=actor, target=institution, details=snapshot(institution, INSTITUTION_FIELDS))
    db.session.commit()
    return institution


def update_institution(institution, data, actor) -> list[str]:
    before = snapshot(institution, INSTITUTION_FIELDS)
    _assign(institution, data)
    after = snapshot(institution, INSTITUTION_FIELDS)
    changed = [f for f in after if before[f] != after[f]]
    if changed:
        audit("institution.update", actor=actor, target=institution,
              details={f: [before[f], after[f]] for f in changed})
    db.session.commit()
    return changed


# --- the development program (published: every change is a public version) ---------------------------------------


def _check_fresh(entity_type, item, seen_version):
    """Refuse a save when someone changed the item after this form was opened."""
    from app.audit.queries import latest_version_id

    if seen_version is not None and latest_version_id(entity_type, item.id) > seen_version:
        raise StaleEdit()


def _versioned_update(entity_type, item, fields, data, actor, seen_version) -> list[str]:
    _check_fresh(entity_type, item, seen_version)
    before = snapshot(item, fields)
    _assign(item, data)
    after = snapshot(item, fields)
    # The municipality (institution None) publishes the program.
    changed = record_changes(entity_type, item.id, before, after, actor=actor, institution_id=None)
    if changed:
        audit(f"{entity_type}.update", actor=actor, target=item, details={"fields": changed})
    db.session.commit()
    return changed


def _codes(items):
    return ", ".join(sorted(item.code for item in items)) or None


def _names(indicators):
    return "; ".join(indicator.name_hy for indicator in indicators) or None


def create_program(data, actor) -> DevelopmentProgram:
    program = DevelopmentProgram(**data, is_current=True)
    db.session.add(program)
    db.session.flush()
    audit("program.create", actor=actor, target=program, details=snapshot(program, PROGRAM_FIELDS))
    db.session.commit()
    return program


def update_program(program, data, actor, seen_version=None) -> list[str]:
    return _versioned_update("program", program, PROGRAM_FIELDS, data, actor, seen_version)


def create_goal(program, data, actor) -> Goal:
    """Add a goal; the program's list of goal codes changes, and that change is kept publicly."""
    before = {"goals": _codes(program.goals)}
    goal = Goal(**data)
    program.goals.append(goal)
    db.session.flush()
    record_changes("program", program.id, before, {"goals": _codes(program.goals)}, actor=actor)
    audit("goal.create", actor=actor, target=goal, details=snapshot(goal, GOAL_FIELDS))
    db.session.commit()
    return goal


def update_goal(goal, data, actor, seen_version=None) -> list[str]:
    return _versioned_update("goal", goal, GOAL_FIELDS, data, actor, seen_version)


def delete_goal(goal, actor):
    """Delete a goal with its objectives and indicators, unless actions or strategic plans link to them."""
    links = _links([o.id for o in goal.objectives])
    if links.any:
        raise StillLinked(links)
    program = goal.program
    before = {"goals": _codes(program.goals)}
    details = snapshot(goal, GOAL_FIELDS) | {"objectives": _codes(goal.objectives)}
    audit("goal.delete", actor=actor, target=goal, details=details)
    program.goals.remove(goal)
    db.session.flush()
    record_changes("program", program.id, before, {"goals": _codes(program.goals)}, actor=actor)
    db.session.commit()


def create_objective(goal, data, actor) -> Objective:
    before = {"objectives": _codes(goal.objectives)}
    objective = Objective(**data)
    goal.objectives.append(objective)
    db.session.flush()
    record_changes("goal", goal.id, before, {"objectives": _codes(goal.objectives)}, actor=actor)
    audit("objective.create", actor=actor, target=objective, details=snapshot(objective, OBJECTIVE_FIELDS))
    db.session.commit()
    return objective


def update_objective(objective, data, actor, seen_version=None) -> list[str]:
    return _versioned_update("objective", objective, OBJECTIVE_FIELDS, data, actor, seen_version)


def delete_objective(objective, actor):
    links = _links([objective.id])
    if links.any:
        raise StillLinked(links)
    goal = objective.goal
    before = {"objectives": _codes(goal.objectives)}
    audit("objective.delete", actor=actor, target=objective, details=snapshot(objective, OBJECTIVE_FIELDS))
    goal.objectives.remove(objective)
    db.session.flush()
    record_changes("goal", goal.id, before, {"objectives": _codes(goal.objectives)}, actor=actor)
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


def update_indicator(indicator, data, actor, seen_version=None) -> list[str]:
    return _versioned_update("indicator", indicator, INDICATOR_FIELDS, data, actor, seen_version)


def delete_indicator(indicator, actor):
    objective = indicator.objective
    before = {"indicators": _names(objective.indicators)}
    audit("indicator.delete", actor=actor, target=indicator, details=snapshot(indicator, INDICATOR_FIELDS))
    objective.indicators.remove(indicator)
    db.session.flush()
    record_changes("objective", objective.id, before, {"indicators": _names(objective.indicators)}, actor=actor)
    db.session.commit()


def _links(objective_ids):
    from app.admin.queries import objective_links

    return objective_links(objective_ids)


# --- the non-working-day overrides (settings: audited) -----------------------------------------------------------


def create_override(data, actor) -> CalendarOverride:
    override = CalendarOverride(**data)
    db.session.add(override)
    db.session.flush()
    audit("calendar_override.create", actor=actor, target=override, details=snapshot(override, OVERRIDE_FIELDS))
    _calendar_changed({override.day})
    db.session.commit()
    return override


def update_override(override, data, actor) -> list[str]:
    old_day = override.day
    before = snapshot(override, OVERRIDE_FIELDS)
    _assign(override, data)
    after = snapshot(override, OVERRIDE_FIELDS)
    changed = [f for f in after if before[f] != after[f]]
    if changed:
        audit("calendar_override.update", actor=actor, target=override,
              details={f: [before[f], after[f]] for f in changed})
    if {"day", "kind"} & set(changed):
        _calendar_changed({old_day, override.day})
    db.session.commit()
    return changed


def delete_override(override, actor):
    day = override.day
    audit("calendar_override.delete", actor=actor, target=override, details=snapshot(override, OVERRIDE_FIELDS))
    db.session.delete(override)
    db.session.flush()
    _calendar_changed({day})
    db.session.commit()


def _calendar_changed(days):
    """Tell listeners (the appeals' due dates) which days changed, inside this transaction."""
    calendar_changed.send(current_app._get_current_object(), days=frozenset(days))
