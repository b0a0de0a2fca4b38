"""The audit log listens to the accounts domain's events, so accounts need not know about auditing."""

from app.accounts import signals
from app.audit.services import audit
from app.extensions import db


def _logged_in(_app, user, **_kw):
    audit("login", actor=user)


def _logged_out(_app, user, **_kw):
    audit("logout", actor=user)


def _login_failed(_app, email, user=None, **_kw):
    # An address that names no account is whatever someone typed (often a staff member's typo of their own, or a
    # stranger's): personal data with no use in the log, so it is not kept.
    label = email if user is not None else "unknown account"
    audit("login_failed", actor=user, actor_label=label, details={"known_account": user is not None})


def _password_changed(_app, user, **_kw):
    audit("password_changed", actor=user, target=user)


def _reset_requested(_app, user, **_kw):
    audit("password_reset_requested", actor=user, target=user)


def _account_changed(_app, user, actor=None, details=None, **_kw):
    audit("account_changed", actor=actor, target=user, details=details)


def _access_denied(_app, user, endpoint=None, **_kw):
    # Nothing else commits on the way to the 403, so this entry is committed on its own.
    audit("access_denied", actor=user, details={"endpoint": endpoint})
    db.session.commit()


def connect():
    """Subscribe once per process (blinker keeps receivers by reference; weak=False keeps these alive)."""
    for signal, receiver in (
        (signals.logged_in, _logged_in), (signals.logged_out, _logged_out), (signals.login_failed, _login_failed),
        (signals.password_changed, _password_changed), (signals.password_reset_requested, _reset_requested),
        (signals.account_changed, _account_changed), (signals.access_denied, _access_denied),
    ):
        signal.connect(receiver, weak=False)
