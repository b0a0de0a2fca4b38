"""The login session: loading the user, starting and ending a session, the idle timeout."""

import time

from flask import current_app, flash, session
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from app.accounts import queries, services
from app.extensions import login_manager

LAST_SEEN = "last_seen"
# The login's random token; its row in staff_session is what keeps the login alive (accounts.models.StaffSession).
TOKEN = "login_token"  # noqa: S105 - the session key's name; the token itself is random
# Writing the session on every request would re-send the cookie each time; a minute's precision is enough.
_TOUCH_EVERY_SECONDS = 60


@login_manager.user_loader
def load_user(session_user_id):
    """The user of this session; None when the login was ended on the server, too old, or the account deactivated."""
    token = session.get(TOKEN)
    if not (str(session_user_id).isdecimal() and isinstance(token, str)):
        return None
    return queries.get_session_user(int(session_user_id), token, services.session_started_after())


def claims_login() -> bool:
    """True when the session says someone logged in (cheap: the user is not loaded)."""
    return "_user_id" in session


def start_session(user) -> None:
    """Log the user in on a brand-new session: nothing of the session before the login carries over."""
    session.clear()
    token = services.open_session(user)
    login_user(user)
    session[TOKEN] = token
    session[LAST_SEEN] = int(time.time())


def session_token():
    return session.get(TOKEN)


def end_session() -> None:
    """Forget the login in this browser (the server's record is ended by services.log_out or has gone already)."""
    logout_user()
    session.clear()


def expire_idle_session() -> bool:
    """End a session left idle longer than IDLE_TIMEOUT_MINUTES (True if it was ended); else note the activity."""
    now = int(time.time())
    last_seen = session.get(LAST_SEEN)
    minutes = current_app.config["IDLE_TIMEOUT_MINUTES"]
    if not isinstance(last_seen, int) or now - last_seen > minutes * 60:
        services.end_idle_session(session.get(TOKEN))
        end_session()
        flash(_("You were logged out after %(minutes)d minutes without activity. Please log in again.",
                minutes=minutes), "warning")
        return True
    if now - last_seen >= _TOUCH_EVERY_SECONDS:
        session[LAST_SEEN] = now
    return False
