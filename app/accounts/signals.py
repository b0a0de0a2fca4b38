"""Events of the accounts domain, for listeners such as the audit log.

Receivers of the signals sent by services run inside the service's transaction, before its commit, so whatever
they add to db.session is committed (or rolled back) together with the change itself.
"""

from blinker import Namespace

_signals = Namespace()

# sender: the app; kwargs: user
logged_in = _signals.signal("logged-in")
logged_out = _signals.signal("logged-out")
password_changed = _signals.signal("password-changed")
password_reset_requested = _signals.signal("password-reset-requested")
# sender: the app; kwargs: email (as typed, lower-cased), user (None when unknown)
login_failed = _signals.signal("login-failed")
# sender: the app; kwargs: user (the account), actor (the admin), details (dict)
account_changed = _signals.signal("account-changed")
# sender: the app; kwargs: user, endpoint. Sent before a 403; nothing commits after it, so a writer commits itself.
access_denied = _signals.signal("access-denied")
