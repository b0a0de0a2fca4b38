"""Who may open what. The staff area (/staff, /admin) is closed by default: every view there needs a login
unless it is marked @public, and role checks happen on the server for every request, htmx ones included."""

from functools import wraps
from urllib.parse import urlsplit

from flask import abort, current_app, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import htmx
from app.accounts import sessions, signals
from app.accounts.models import Role
from app.extensions import login_manager

STAFF_PREFIXES = ("/staff", "/admin")


def public(view):
    """Let anonymous visitors open this view although it lives in the staff area (login, password reset)."""
    view.is_public = True
    return view


def is_public_view(view) -> bool:
    return getattr(view, "is_public", False)


def is_staff_path(path: str) -> bool:
    return any(path == prefix or path.startswith(prefix + "/") for prefix in STAFF_PREFIXES)


def require_roles(*roles):
    """Let through logged-in users holding one of the roles, and admins (who may do everything); 403 otherwise."""
    wanted = {Role(role) for role in roles}

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_redirect()
            if not (current_user.is_admin or current_user.has_role(*wanted)):
                signals.access_denied.send(current_app._get_current_object(), user=current_user._get_current_object(),
                                           endpoint=request.endpoint)
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def can_edit_institution(user, institution_id) -> bool:
    """Admins may edit every institution; editors only the ones they are the editor of."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_admin or institution_id in user.editable_institution_ids


def safe_next_url(target) -> str | None:
    """`target` if it is a path on this site, else None (so a crafted link cannot send users elsewhere)."""
    if not target or not isinstance(target, str) or len(target) > 2000:
        return None
    # Browsers read /\host like //host and drop tabs and newlines: refuse backslashes and every control code.
    if any(ch == "\\" or ord(ch) < 0x20 or ch == "\x7f" for ch in target):
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def _next_target():
    """Where to come back after logging in: the page the user was on, when that can be known safely."""
    if request.headers.get("HX-Request") == "true":
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        if current.netloc and current.netloc != request.host:
            return None
        return safe_next_url(current.path + (f"?{current.query}" if current.query else ""))
    if request.method in ("GET", "HEAD"):
        return safe_next_url(request.full_path.rstrip("?"))
    return None


def login_redirect():
    """Send an anonymous visitor to the login page: a redirect, or for htmx a 401 that tells htmx to go there."""
    target = _next_target()
    login_url = url_for("accounts.login", next=target) if target else url_for("accounts.login")
    if request.headers.get("HX-Request") == "true":
        response = make_response(_("Please log in to continue."), 401)
        response.headers["HX-Redirect"] = login_url
        response.mimetype = "text/plain"
    else:
        response = redirect(login_url)
    return htmx.varies(response)


@login_manager.unauthorized_handler
def _unauthorized():
    return login_redirect()


def guard_request():
    """Before every request: drop stale or idle logins, then keep anonymous visitors out of the staff area."""
    if request.endpoint == "static":
        return None
    logged_in = False
    if not sessions.claims_login():
        # Settle "anonymous" at once: loading the user the usual way runs Flask-Login's strong session check,
        # which would rewrite every anonymous visitor's cookies on every page.
        login_manager._update_request_context_with_user()
    elif not current_user.is_authenticated:
        # Password changed elsewhere, account deactivated, or a different browser or address.
        sessions.end_session()
        flash(_("Your session has ended. Please log in again."), "warning")
    else:
        logged_in = not sessions.expire_idle_session()
    if logged_in or not is_staff_path(request.path):
        return None
    if is_public_view(current_app.view_functions.get(request.endpoint)):
        return None
    return login_redirect()


def no_store(response):
    """Staff pages hold personal data: never keep them in a cache (nor show them again with Back after logout)."""
    if is_staff_path(request.path):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def init_app(app):
    """Configure Flask-Login (initialised with the other extensions) and close the staff area."""
    login_manager.login_view = "accounts.login"
    # A session cookie used from another browser or address is discarded.
    login_manager.session_protection = "strong"
    app.before_request(guard_request)
    app.after_request(no_store)
