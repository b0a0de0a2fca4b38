"""Reads behind the feeds and the API: recent changes, reports and published proposals. Nothing personal."""

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, load_only, selectinload

from app.appeals.models import Appeal, Publication
from app.extensions import db
from app.schedule.models import Action, Report
from app.schedule.queries import PUBLISHED, REPORT_PUBLISHED

FEED_SIZE = 50


def _scoped(stmt, column_owner, where):
    if "institution_id" in where:
        stmt = stmt.where(column_owner.institution_id == where["institution_id"])
    if "settlement_id" in where:
        stmt = stmt.where(column_owner.settlement_id == where["settlement_id"])
    return stmt


def recently_changed_actions(limit=FEED_SIZE, **where) -> list[Action]:
    """Published actions, the latest created or edited first."""
    stmt = (
        select(Action)
        .options(joinedload(Action.institution), joinedload(Action.settlement))
        .where(PUBLISHED)
        .order_by(Action.updated_dt.desc(), Action.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(_scoped(stmt, Action, where)))


def _reports_stmt(where):
    stmt = select(Report).join(Report.action).where(REPORT_PUBLISHED)
    return _scoped(stmt, Action, where)


def list_reports(limit=FEED_SIZE, offset=0, **where) -> tuple[list[Report], int]:
    """Published reports, the newest first, with the count of all of them."""
    stmt = _reports_stmt(where)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    items = db.session.scalars(
        stmt.options(
            joinedload(Report.action).joinedload(Action.institution),
            joinedload(Report.action).joinedload(Action.settlement),
            selectinload(Report.public_photos),
            selectinload(Report.public_documents),
        )
        .order_by(Report.report_date.desc(), Report.id.desc())
        .limit(limit)
        .offset(offset)
    ).unique()
    return list(items), total


def get_report(report_id: int) -> Report | None:
    return db.session.scalar(
        _reports_stmt({}).where(Report.id == report_id).options(
            joinedload(Report.action).joinedload(Action.institution),
            joinedload(Report.action).joinedload(Action.settlement),
            selectinload(Report.public_photos),
            selectinload(Report.public_documents),
        )
    )


# Only the columns a public reader may see are ever loaded, so personal data cannot leak by accident.
_PUBLIC_COLUMNS = load_only(
    Appeal.id, Appeal.tracking_number, Appeal.kind, Appeal.settlement_id, Appeal.institution_id,
    Appeal.public_subject, Appeal.public_text, Appeal.public_answer, Appeal.published_dt, Appeal.support_count,
    Appeal.status, Appeal.publication,
    raiseload=True,
)


def _proposals_stmt(where):
    stmt = select(Appeal).where(Appeal.publication == Publication.PUBLISHED)
    return _scoped(stmt, Appeal, where)


def list_published_proposals(limit=FEED_SIZE, offset=0, **where) -> tuple[list[Appeal], int]:
    """Proposals an officer anonymised and published, the latest first: only their public fields are loaded."""
    stmt = _proposals_stmt(where)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    items = db.session.scalars(
        stmt.options(_PUBLIC_COLUMNS, joinedload(Appeal.settlement), joinedload(Appeal.institution))
        .order_by(Appeal.published_dt.desc(), Appeal.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(items), total


def get_published_proposal(proposal_id: int) -> Appeal | None:
    return db.session.scalar(
        _proposals_stmt({}).where(Appeal.id == proposal_id)
        .options(_PUBLIC_COLUMNS, joinedload(Appeal.settlement), joinedload(Appeal.institution))
    )
