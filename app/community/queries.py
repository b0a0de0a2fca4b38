"""Reads about the community and its settlements."""

from flask import current_app, g
from sqlalchemy import select

from app.community.models import Community, Settlement
from app.extensions import db


def get_community() -> Community | None:
    """The community this instance serves (one query per request at most)."""
    if "community" not in g:
        g.community = db.session.scalar(select(Community).order_by(Community.id).limit(1))
    return g.community


def community_timezone():
    community = get_community()
    return community.timezone if community else current_app.config["BABEL_DEFAULT_TIMEZONE"]


def list_settlements() -> list[Settlement]:
    """All settlements, the centre first (one query per request at most)."""
    if "settlements" not in g:
        g.settlements = list(
            db.session.scalars(select(Settlement).order_by(Settlement.is_centre.desc(), Settlement.position))
        )
    return g.settlements


def get_settlement_or_404(slug) -> Settlement:
    return db.first_or_404(select(Settlement).where(Settlement.slug == slug))


def local_today():
    """Today's date where the community is (not where the server is)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(community_timezone())).date()
