"""Reads of the outbox."""

from sqlalchemy import func, select

from app.extensions import db
from app.outbox.models import OutboxMessage
from app.pagination import Page, clamp_page


def list_messages(page: int, per_page: int) -> Page:
    """The outbox, newest first."""
    total = db.session.scalar(select(func.count()).select_from(OutboxMessage))
    page = clamp_page(page, total, per_page)
    items = db.session.scalars(
        select(OutboxMessage)
        .order_by(OutboxMessage.created_dt.desc(), OutboxMessage.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return Page(list(items), page, per_page, total)
