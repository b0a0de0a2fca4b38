"""Headers that every response carries."""

from flask import current_app


def set_security_headers(response):
    """Strict CSP (no inline script or style), nosniff, a same-origin referrer, and no framing by default."""
    csp = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; "
        f"frame-ancestors {current_app.config['FRAME_ANCESTORS']}"
    )
    response.headers.setdefault("Content-Security-Policy", csp)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    # Embed pages (app/embeds) set their own CSP; X-Frame-Options must never contradict its frame-ancestors.
    if "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]:
        response.headers.setdefault("X-Frame-Options", "DENY")
    return response
