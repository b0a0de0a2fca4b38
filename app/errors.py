"""Translated error pages."""

import contextlib

from flask import current_app, jsonify, render_template, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from app.extensions import db
from app.i18n import select_locale

_MESSAGES = {
    400: (_l("Bad request"),
          _l("The request could not be understood. Please check the address or the form and try again.")),
    403: (_l("Access denied"), _l("You do not have permission to open this page.")),
    404: (_l("Page not found"),
          _l("There is no page at this address. It may have been moved, or the link may be mistyped.")),
    405: (_l("Method not allowed"), _l("This page cannot be used this way.")),
    413: (_l("File too large"), _l("The file or form you sent is larger than allowed. Please send a smaller file.")),
    429: (_l("Too many requests"),
          _l("You have sent too many requests in a short time. Please wait a little and try again.")),
    500: (_l("Something went wrong"),
          _l("An unexpected error happened on our side. It has been logged; please try again later.")),
}


def _render(code, status):
    title, message = _MESSAGES.get(code, _MESSAGES[400])
    return render_template("errors/error.html", code=status, title=title, message=message), status


# Machine-readable endpoints answer errors in JSON, never with an HTML page.
JSON_PREFIXES = ("/api/", "/open311/")


def _json_error(code, headers=()):
    title, _message = _MESSAGES.get(code, _MESSAGES[400])
    return jsonify(error={"status": code, "message": str(title)}), code, list(headers)


def render_http_error(error: HTTPException):
    if request.path.startswith(JSON_PREFIXES):
        return _json_error(error.code, [(k, v) for k, v in error.get_headers() if k == "Allow"])
    return _render(error.code, error.code)


def _render_server_error(error):
    # An error page of its own (a 429 that shows the form again, a 404 with the site's menu) that could not reach
    # the database either: the site is unavailable, not broken.
    if isinstance(getattr(error, "original_exception", None), (OperationalError, InterfaceError)):
        return _render_unavailable(error.original_exception)
    try:
        db.session.rollback()
        if request.path.startswith(JSON_PREFIXES):
            return _json_error(500)
        return _render(500, 500)
    except Exception:  # the page itself needs the database; say the essentials without it
        current_app.logger.exception("error page could not be rendered")
        title, message = _MESSAGES[500]
        return f"{title}\n\n{message}\n", 500, {"Content-Type": "text/plain; charset=utf-8"}


def _render_unavailable(error):
    """The database is down or unreachable: a translated 503 that needs no database, and one log line."""
    # The driver's first line names the cause (connection refused, no such file); never the statement or its values.
    reason = str(getattr(error, "orig", None) or error.__class__.__name__).splitlines()[0][:200]
    current_app.logger.error("database unavailable: %s", reason)
    with contextlib.suppress(Exception):  # the session may be as unreachable as the server
        db.session.rollback()
    headers = {"Retry-After": "30", "Cache-Control": "no-store"}
    if request.path.startswith(JSON_PREFIXES):
        return jsonify(error={"status": 503, "message": "Service unavailable"}), 503, headers
    lang = select_locale()
    with force_locale(lang):
        body = current_app.jinja_env.get_template("errors/unavailable.html").render(
            lang=lang, sent_now=request.method not in ("GET", "HEAD"), retry_path=request.full_path.rstrip("?"))
    return body, 503, headers


def init_app(app):
    app.register_error_handler(OperationalError, _render_unavailable)
    app.register_error_handler(InterfaceError, _render_unavailable)
    app.register_error_handler(HTTPException, render_http_error)
    app.register_error_handler(500, _render_server_error)
