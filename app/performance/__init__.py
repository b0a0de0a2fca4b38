"""Cheap pages: conditional GET and a page cache keyed by the data version, gzip, content-hashed static files.

Only anonymous visitors (no session cookie) of the views listed in caching.CACHEABLE_ENDPOINTS and
CACHEABLE_BLUEPRINTS get ETags, 304 answers and cached pages; anything that depends on a session (staff navigation,
flash messages, CSRF tokens) is rendered fresh every time.
"""


def init_app(app):
    from app.performance import caching, compression, models, static_files, version  # noqa: F401

    version.init_app(app)
    static_files.init_app(app)
    # after_request hooks run in reverse order: the cache sees the plain body, compression runs last.
    compression.init_app(app)
    caching.init_app(app)
