"""Reads of the admin screens."""

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.community.models import Settlement
from app.extensions import db
from app.institutions.models import Institution
from app.program.models import DevelopmentProgram, Goal, Indicator, Objective

# --- settlements -------------------------------------------------------------------------------------------------


def list_settlements() -> list[Settlement]:
    return list(db.session.scalars(select(Settlement).order_by(Settlement.is_centre.desc(), Settlement.position,
                                                               Settlement.id)))


def get_settlement_or_404(settlement_id, for_update=False) -> Settlement:
    stmt = select(Settlement).where(Settlement.id == settlement_id)
    return db.first_or_404(stmt.with_for_update() if for_update else stmt)


def settlement_slug_taken(slug, except_id=None) -> bool:
    stmt = select(Settlement.id).where(Settlement.slug == slug)
    if except_id is not None:
        stmt = stmt.where(Settlement.id != except_id)
    return db.session.scalar(stmt.limit(1)) is not None


def other_centre(except_id=None) -> Settlement | None:
    stmt = select(Settlement).where(Settlement.is_centre.is_(True))
    if except_id is not None:
        stmt = stmt.where(Settlement.id != except_id)
    return db.session.scalar(stmt.order_by(Settlement.id).limit(1))


# --- institutions ------------------------------------------------------------------------------------------------


def list_institutions() -> list[Institution]:
    return list(db.session.scalars(
        select(Institution).options(joinedload(Institution.settlement)).order_by(Institution.name_hy, Institution.id)
    ))


def get_institution_or_404(institution_id, for_update=False) -> Institution:
    stmt = select(Institution).where(Institution.id == institution_id)
    return db.first_or_404(stmt.with_for_update() if for_update else stmt)


def institution_slug_taken(slug, except_id=None) -> bool:
    stmt = select(Institution.id).where(Institution.slug == slug)
    if except_id is not None:
        stmt = stmt.where(Institution.id != except_id)
    return db.session.scalar(stmt.limit(1)) is not None


def editors_by_institution(institution_ids=None) -> dict[int, list]:
    """The users holding the editor role for each institution (one query)."""
    from app.accounts.models import RoleGrant, User

    stmt = (
        select(RoleGrant.institution_id, User)
        .join(User, User.id == RoleGrant.user_id)
        .where(RoleGrant.role == "editor", RoleGrant.institution_id.is_not(None))
        .order_by(User.email)
    )
    if institution_ids is not None:
        stmt = stmt.where(RoleGrant.institution_id.in_(list(institution_ids)))
    found = defaultdict(list)
    for institution_id, user in db.session.execute(stmt):
        found[institution_id].append(user)
    return found


# --- the development program -------------------------------------------------------------------------------------


def get_current_program() -> DevelopmentProgram | None:
    """The program in force with its goals, objectives and indicators (the public page's choice, read afresh)."""
    return db.session.scalar(
        select(DevelopmentProgram)
        .where(DevelopmentProgram.is_current.is_(True))
        .order_by(DevelopmentProgram.start_year.desc())
        .limit(1)
        .options(selectinload(DevelopmentProgram.goals).selectinload(Goal.objectives)
                 .selectinload(Objective.indicators))
    )


def get_program_or_404(for_update=False) -> DevelopmentProgram:
    stmt = (select(DevelopmentProgram).where(DevelopmentProgram.is_current.is_(True))
            .order_by(DevelopmentProgram.start_year.desc()).limit(1))
    return db.first_or_404(stmt.with_for_update() if for_update else stmt)


def get_goal_or_404(goal_id, for_update=False) -> Goal:
    stmt = select(Goal).where(Goal.id == goal_id)
    return db.first_or_404(stmt.with_for_update() if for_update else stmt)


def get_objective_or_404(objective_id, for_update=False) -> Objective:
    stmt = select(Objective).where(Objective.id == objective_id).options(joinedload(Objective.goal))
    return db.first_or_404(stmt.with_for_update(of=Objective) if for_update else stmt)


def get_indicator_or_404(indicator_id, for_update=False) -> Indicator:
    stmt = (select(Indicator).where(Indicator.id == indicator_id)
            .options(joinedload(Indicator.objective).joinedload(Objective.goal)))
    return db.first_or_404(stmt.with_for_update(of=Indicator) if for_update else stmt)


def goal_code_taken(program_id, code, except_id=None) -> bool:
    stmt = select(Goal.id).where(Goal.program_id == program_id, Goal.code == code)
    if except_id is not None:
        stmt = stmt.where(Goal.id != except_id)
    return db.session.scalar(stmt.limit(1)) is not None


def objective_code_taken(program_id, code, except_id=None) -> bool:
    """Whether any objective of the program (in any goal) already has this code."""
    stmt = (select(Objective.id).join(Goal, Goal.id == Objective.goal_id)
            .where(Goal.program_id == program_id, Objective.code == code))
    if except_id is not None:
        stmt = stmt.where(Objective.id != except_id)
    return db.session.scalar(stmt.limit(1)) is not None
