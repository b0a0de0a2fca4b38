"""HTTP plumbing shared by the machine-readable answers (API, Open311, feeds): validators and CORS."""

from flask import request

# Readers may poll often; five minutes old is fresh enough for a schedule and keeps the load predictable.
MAX_AGE = 300


def conditional(response, max_age=MAX_AGE):
    """Give a public GET response an ETag and answer 304 when the client already has this version."""
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    response.add_etag()
    return response.make_conditional(request)


def allow_any_origin(response):
    """Let any web page read the open data (no credentials: nothing here depends on who asks)."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "ETag, Link"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response
