"""Writes of an institution's own pages: its profile and strategic plan (each use case commits once; the plan keeps
a public version per changed field, app/audit/versions.py)."""

from app.audit.services import audit, snapshot
from app.audit.versions import assign, check_fresh, save_changes
from app.extensions import db
from app.i18n import LANGS
from app.institutions.models import Institution, PlanGoal, StrategicPlan
from app.program.queries import objectives_by_id

PLAN_FIELDS = ["start_year", "end_year"] + [f"{n}_{lang}" for n in ("mission", "vision") for lang in LANGS]


PLAN_GOAL_FIELDS = ["code"] + [f"{n}_{lang}" for n in ("title", "description") for lang in LANGS]


PROFILE_FIELDS = ["phone", "email", "website"] + [
    f"{n}_{lang}" for n in ("address", "head_name", "description") for lang in LANGS]


def save_plan(institution, plan, data, actor, revision) -> StrategicPlan:
    if plan is None:
        plan = StrategicPlan(institution=institution, **data)
        db.session.add(plan)
        db.session.flush()
        audit("plan.create", actor=actor, target=plan, details={"institution": institution.slug})
    else:
        check_fresh(plan, revision)
        changed = save_changes(plan, "plan", PLAN_FIELDS, lambda: assign(plan, data), actor, institution.id)
        audit("plan.update", actor=actor, target=plan, details={"fields": changed})
    db.session.commit()
    return plan


def save_plan_goal(plan, goal, data, objective_ids, actor) -> PlanGoal:
    objectives = objectives_by_id(objective_ids)
    if goal is None:
        goal = PlanGoal(plan=plan, position=len(plan.goals), objectives=objectives, **data)
        db.session.add(goal)
        db.session.flush()
        audit("plan_goal.create", actor=actor, target=goal, details={"plan": plan.id})
    else:
        changed = save_changes(goal, "plan_goal", PLAN_GOAL_FIELDS, lambda: assign(goal, data), actor,
                                  plan.institution_id, objectives=objectives)
        audit("plan_goal.update", actor=actor, target=goal, details={"fields": changed})
    db.session.commit()
    return goal


def update_profile(institution, data, actor) -> list[str]:
    before = snapshot(institution, PROFILE_FIELDS)
    assign(institution, data)
    after = snapshot(institution, PROFILE_FIELDS)
    changed = [f for f in after if before[f] != after[f]]
    audit("institution.profile", actor=actor, target=institution, details={"fields": changed})
    db.session.commit()
    return changed


# --- the admin's register of institutions (settings: audited, not versioned) --------------------------------------

INSTITUTION_FIELDS = ["slug", "kind", "settlement_id",
                      *[f"{n}_{lang}" for n in ("name", "address", "head_name", "description") for lang in LANGS],
                      "phone", "email", "website", "requires_review"]


def create_institution(data, actor) -> Institution:
    institution = Institution(**data)
    db.session.add(institution)
    db.session.flush()
    audit("institution.create", actor=actor, target=institution, details=snapshot(institution, INSTITUTION_FIELDS))
    db.session.commit()
    return institution


def update_institution(institution, data, actor) -> list[str]:
    before = snapshot(institution, INSTITUTION_FIELDS)
    assign(institution, data)
    after = snapshot(institution, INSTITUTION_FIELDS)
    changed = [f for f in after if before[f] != after[f]]
    if changed:
        audit("institution.update", actor=actor, target=institution,
              details={f: [before[f], after[f]] for f in changed})
    db.session.commit()
    return changed
