"""The login session: loading the user, starting and ending a session, the idle timeout."""

import time

from flask import current_app, flash, session
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from app.accounts import queries
from app.extensions import login_manager

LAST_SEEN = "last_seen"
# Writing the session on every request would re-send the cookie each time; a minute's precision is enough.
_TOUCH_EVERY_SECONDS = 60


@login_manager.user_loader
def load_user(session_user_id):
    """The user of a session id "<id>:<session_version>"; None when the account changed or was deactivated."""
    user_id, _sep, version = str(session_user_id).partition(":")
    if not (user_id.isdecimal() and version.isdecimal()):
        return None
    user = queries.get_user(int(user_id))
    if user is None or not user.is_active or user.session_version != int(version):
        return None
    return user


def claims_login() -> bool:
    """True when the session says someone logged in (cheap: the user is not loaded)."""
    return "_user_id" in session


def start_session(user) -> None:
    """Log the user in on a brand-new session: nothing of the session before the login carries over."""
    session.clear()
    login_user(user)
    session[LAST_SEEN] = int(time.time())


def end_session() -> None:
    logout_user()
    session.clear()


def expire_idle_session() -> bool:
    """End a session left idle longer than IDLE_TIMEOUT_MINUTES (True if it was ended); else note the activity."""
    now = int(time.time())
    last_seen = session.get(LAST_SEEN)
    minutes = current_app.config["IDLE_TIMEOUT_MINUTES"]
    if not isinstance(last_seen, int) or now - last_seen > minutes * 60:
        end_session()
        flash(_("You were logged out after %(minutes)d minutes without activity. Please log in again.",
                minutes=minutes), "warning")
        return True
    if now - last_seen >= _TOUCH_EVERY_SECONDS:
        session[LAST_SEEN] = now
    return False
