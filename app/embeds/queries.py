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
