"""gzip for text answers when the client accepts it (set COMPRESS_RESPONSES=false when nginx compresses instead)."""

import gzip

from flask import current_app, request

COMPRESSIBLE = frozenset({
    "text/html", "text/css", "text/plain", "text/csv", "text/calendar", "text/javascript", "application/javascript",
    "application/json", "application/geo+json", "application/problem+json", "application/atom+xml",
    "application/xml", "text/xml", "image/svg+xml",
})
MIN_SIZE = 500
LEVEL = 6


def accepts_gzip() -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


def gzip_bytes(data: bytes) -> bytes:
    # mtime=0: the same page always compresses to the same bytes.
    return gzip.compress(data, compresslevel=LEVEL, mtime=0)


def _compress(response):
    if not current_app.config.get("COMPRESS_RESPONSES", True):
        return response
    if response.mimetype not in COMPRESSIBLE or response.status_code < 200 or response.status_code in (204, 304):
        return response
    response.vary.add("Accept-Encoding")
    if (not accepts_gzip() or response.direct_passthrough or response.is_streamed
            or "Content-Encoding" in response.headers or request.method == "HEAD"):
        return response
    data = response.get_data()
    if len(data) < MIN_SIZE:
        return response
    response.set_data(gzip_bytes(data))
    response.headers["Content-Encoding"] = "gzip"
    return response


def init_app(app):
    app.after_request(_compress)
