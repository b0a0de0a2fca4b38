"""The setup token, and setting up the community with its first admin."""

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.accounts import services as accounts
from app.accounts.models import Role
from app.community import services as community
from app.extensions import db
from app.media.storage import discard

# A setup token is good for a day: long enough to walk from the server's console to a browser, short enough that one
# found in a shell history later is dead. It is signed with SECRET_KEY, so every server of an instance accepts it.
SETUP_TOKEN_SECONDS = 24 * 3600
_SALT = "community-setup"


def make_setup_token() -> str:
    """A signed, expiring token that opens the setup screen (printed by `flask setup-token`)."""
    return _serializer().dumps("setup")


def setup_token_valid(token: str | None) -> bool:
    try:
        return _serializer().loads(token or "", max_age=SETUP_TOKEN_SECONDS) == "setup"
    except (BadSignature, SignatureExpired):
        return False


def set_up(values, settlements, logo=None, admin=None):
    """Create the community (and, when given, the first admin as (email, name, password)); the logo file is removed
    again if anything fails."""
    try:
        # One transaction: create_user commits the community with the admin, or neither is stored.
        created = community.create_community(values, settlements, logo, commit=not admin)
        if admin:
            email, name, password = admin
            accounts.create_user(email, name, accounts.grants_from([Role.ADMIN.value], []), password=password)
    except Exception:
        db.session.rollback()
        if logo is not None:
            discard(logo)
        raise
    return created


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)
