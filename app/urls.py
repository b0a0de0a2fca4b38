"""Absolute URLs for messages (email, SMS) that may be written outside a request, e.g. by the worker."""

from flask import current_app, has_request_context, url_for


def public_url(endpoint: str, **values) -> str:
    """An absolute URL: from PUBLIC_URL when configured (a message must not name whatever host a request came by),
    else from the current request, else http://localhost."""
    base = (current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    if not base and has_request_context():
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url=base or "http://localhost"):
        return url_for(endpoint, _external=True, **values)
