"""Writes of the dashboard: its one setting."""

from app.audit.services import audit
from app.community.queries import get_community
from app.extensions import db


def set_min_count(actor, value: int):
    """Set the count below which the dashboard shows no percentage."""
    community = get_community()
    old = community.dashboard_min_count
    community.dashboard_min_count = value
    audit("dashboard.min_count", actor=actor, target=community, details={"old": old, "new": value})
    db.session.commit()
