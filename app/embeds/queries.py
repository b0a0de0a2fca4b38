from flask import current_app
from sqlalchemy import select

from app.embeds.models import EmbedSetting
from app.extensions import db


def get_setting() -> EmbedSetting | None:
    return db.session.scalar(select(EmbedSetting).order_by(EmbedSetting.id).limit(1))


def frame_ancestors() -> str:
    """The CSP frame-ancestors value for embed pages: the admin's origins, else FRAME_ANCESTORS from the config."""
    setting = get_setting()
    if setting is not None and setting.allowed_origins.strip():
        return setting.allowed_origins.strip()
    return current_app.config["FRAME_ANCESTORS"]


def upcoming_for_embed(filters, options, today, limit=30):
    """The next actions matching the schedule's filters (the same URL parameters as /schedule)."""
    from app.schedule.models import Action
    from app.schedule.queries import _conditions, _with_places

    conditions = _conditions(filters, options)
    if not filters.month:
        conditions.append(Action.end_date >= today)
    stmt = (_with_places(select(Action)).where(*conditions)
            .order_by(Action.start_date, Action.start_time, Action.id).limit(limit))
    return list(db.session.scalars(stmt))
