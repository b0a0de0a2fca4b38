"""Reads of the officers' inbox: which appeals a staff member may see, filtered and ordered by urgency."""

from dataclasses import dataclass, field

from flask import abort
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.accounts.models import Role, RoleGrant, User
from app.appeals.deadlines import Kind
from app.appeals.models import OPEN_STATUSES, AnswerTemplate, Appeal, AppealStatus, DeadlineRule
from app.extensions import db
from app.pagination import Page, clamp_page

PER_PAGE = 25
MUNICIPALITY = "municipality"
STATUS_FILTERS = ("open", "closed", *(s.value for s in AppealStatus))


def handles_all_appeals(user) -> bool:
    """Officers and admins see every appeal; an editor only the ones assigned to them."""
    return user.is_admin or user.has_role(Role.OFFICER)


def _visible(stmt, user):
    if handles_all_appeals(user):
        return stmt
    return stmt.where(Appeal.assignee_id == user.id)


def _int(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


@dataclass
class InboxFilters:
    """The inbox's GET parameters, cleaned: a value that makes no sense is dropped, never an error."""

    status: str = "open"
    kind: str = ""
    settlement: int | None = None
    addressee: str = ""  # "municipality", an institution id as text, or "" for all
    assignee: int | None = None
    q: str = ""
    page: int = 1
    args: dict = field(default_factory=dict)

    @classmethod
    def from_args(cls, args):
        status = args.get("status", "open")
        kind = args.get("kind", "")
        addressee = args.get("addressee", "")
        filters = cls(
            # No status parameter: the open appeals; an empty one (the "All" option): every appeal.
            status=status if status in STATUS_FILTERS else ("" if "status" in args else "open"),
            kind=kind if kind in {k.value for k in Kind} else "",
            settlement=_int(args.get("settlement")),
            addressee=addressee if addressee == MUNICIPALITY or _int(addressee) else "",
            assignee=_int(args.get("assignee")),
            q=(args.get("q") or "").strip()[:200],
            page=_int(args.get("page")) or 1,
        )
        filters.args = {k: v for k, v in (
            ("status", filters.status), ("kind", filters.kind), ("settlement", filters.settlement or ""),
            ("addressee", filters.addressee), ("assignee", filters.assignee or ""), ("q", filters.q))}
        return filters


def _filtered(stmt, filters: InboxFilters):
    if filters.status == "open":
        stmt = stmt.where(Appeal.status.in_(OPEN_STATUSES))
    elif filters.status == "closed":
        stmt = stmt.where(Appeal.status.not_in(OPEN_STATUSES))
    elif filters.status:
        stmt = stmt.where(Appeal.status == AppealStatus(filters.status))
    if filters.kind:
        stmt = stmt.where(Appeal.kind == Kind(filters.kind))
    if filters.settlement:
        stmt = stmt.where(Appeal.settlement_id == filters.settlement)
    if filters.addressee == MUNICIPALITY:
        stmt = stmt.where(Appeal.institution_id.is_(None))
    elif filters.addressee:
        stmt = stmt.where(Appeal.institution_id == int(filters.addressee))
    if filters.assignee:
        stmt = stmt.where(Appeal.assignee_id == filters.assignee)
    if filters.q:
        pattern = "%" + filters.q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(or_(func.lower(Appeal.tracking_number).like(pattern, escape="\\"),
                              func.lower(Appeal.subject).like(pattern, escape="\\")))
    return stmt


def list_inbox(user, filters: InboxFilters) -> Page:
    """The appeals this user may see, open ones first, the most overdue first, then the ones due soonest."""
    base = _filtered(_visible(select(Appeal), user), filters)
    total = db.session.scalar(select(func.count()).select_from(base.order_by(None).subquery()))
    page = clamp_page(filters.page, total, PER_PAGE)
    is_closed = case((Appeal.status.in_(OPEN_STATUSES), 0), else_=1)
    items = db.session.scalars(
        base.options(joinedload(Appeal.settlement), joinedload(Appeal.institution), joinedload(Appeal.assignee))
        .order_by(is_closed, Appeal.due_date, Appeal.id)
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    ).unique().all()
    return Page(items=list(items), page=page, per_page=PER_PAGE, total=total)


def get_appeal_for_staff_or_404(number: str, user) -> Appeal:
    """The appeal, if this user may handle it: the same 404 for a missing one and one assigned to someone else."""
    if not number or len(number) > 40:
        abort(404)
    stmt = _visible(select(Appeal).where(Appeal.tracking_number == number.strip().upper()), user).options(
        selectinload(Appeal.events), selectinload(Appeal.attachments))
    appeal = db.session.scalar(stmt)
    if appeal is None:
        abort(404)
    return appeal


def assignable_users(appeal: Appeal) -> list[User]:
    """Who may hold the appeal: active officers, and the editors of the institution it is addressed to."""
    grants = [RoleGrant.role == Role.OFFICER]
    if appeal.institution_id is not None:
        grants.append((RoleGrant.role == Role.EDITOR) & (RoleGrant.institution_id == appeal.institution_id))
    stmt = (select(User).join(RoleGrant, RoleGrant.user_id == User.id)
            .where(User.is_active.is_(True), or_(*grants)).order_by(User.full_name, User.id))
    return list(db.session.scalars(stmt).unique())


def staff_handling_appeals() -> list[User]:
    """Everyone an appeal can be assigned to (for the assignee filter)."""
    stmt = (select(User).join(RoleGrant, RoleGrant.user_id == User.id)
            .where(User.is_active.is_(True), RoleGrant.role.in_((Role.OFFICER, Role.EDITOR)))
            .order_by(User.full_name, User.id))
    return list(db.session.scalars(stmt).unique())


def event_actors(appeal: Appeal) -> dict[int, User]:
    ids = {e.actor_id for e in appeal.events if e.actor_id is not None}
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}


def list_templates() -> list[AnswerTemplate]:
    return list(db.session.scalars(select(AnswerTemplate).order_by(AnswerTemplate.title, AnswerTemplate.id)))


def get_template(template_id) -> AnswerTemplate | None:
    template_id = _int(template_id)
    return db.session.get(AnswerTemplate, template_id) if template_id else None


def get_template_or_404(template_id) -> AnswerTemplate:
    return db.get_or_404(AnswerTemplate, template_id)


def stored_rules() -> dict[Kind, DeadlineRule]:
    return {row.kind: row for row in db.session.scalars(select(DeadlineRule))}
