"""Conditional GET and a page cache for anonymous visitors of public pages and feeds, answered before Flask runs.

The ETag is a hash of the exact body sent, so a 304 can only confirm bytes the client already holds: it can never
hide a changed page or hand one visitor's page to another.

Each worker keeps the answers it rendered recently (status, final headers and body, gzip-compressed or not) keyed by
everything an anonymous answer depends on: the URL, the host, the language cookie, the htmx headers, the Accept
header and whether the client takes gzip. An entry is used only while the data version it was rendered under is
still the current one (every write changes it, see version.py) and on the same day of the community's calendar; it
also expires after PAGE_CACHE_SECONDS, which bounds how long a page that shows the time of day could lag behind.

The lookup is a WSGI middleware (`CachedPages`) in front of Flask: a page answered from the cache, or a 304, costs
one light statement on a pooled driver connection and no request context, routing, session or template. A miss
goes through Flask as usual; `_tag` (after the view) gives an eligible answer its ETag and asks the middleware to
keep the final answer. The threads of a worker that miss the same page together render it once.

Requests with a session cookie (staff, or a visitor who was shown a form or a flash message), an Authorization
header or ?lang=, and answers that set a cookie or touch the session, are never cached nor given an ETag here.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import unquote_plus
from zoneinfo import ZoneInfo

from flask import current_app, request, session
from werkzeug.http import parse_cookie, parse_etags, remove_entity_headers

from app.performance.version import ALL, CONTENT, read_snapshot

_SAFE = frozenset({"GET", "HEAD"})
RENDER_WAIT_SECONDS = 10
_VARY = ("Cookie", "HX-Request", "Accept-Encoding")
_HX_ENVIRON = ("HTTP_HX_REQUEST", "HTTP_HX_BOOSTED", "HTTP_HX_HISTORY_RESTORE_REQUEST", "HTTP_HX_TARGET",
               "HTTP_HX_TRIGGER")
# Set in the WSGI environ: by the middleware on a request it may keep, and by _tag on an answer it should keep or
# on a view that is never cacheable (so later requests of that URL skip the render lock).
CONSIDERED = "hashvetu.page_cache.considered"
KEEP = "hashvetu.page_cache.keep"
NEVER = "hashvetu.page_cache.never"
# Headers a kept answer must not repeat: the server adds its own Date.
_DROP = frozenset({"date"})


# Public pages and feeds whose anonymous answers are the same for every visitor: the one place that declares what
# may be cached (by endpoint name; a name not registered is skipped).
CACHEABLE_ENDPOINTS = (
    "home.index", "schedule.schedule", "schedule.action", "institutions.index", "institutions.institution",
    "community.settlement", "program.program",
    "dashboard.public", "dashboard.public_panel", "participation.proposals", "opendata.index",
    "opendata.dictionary", "posters.poster",
)
# Whole blueprints of public, read-only, anonymous answers.
CACHEABLE_BLUEPRINTS = ("api", "feeds", "embeds")
# The pages that read no appeal-side table (see version.py): they stay cached while only appeals change.
CONTENT_ENDPOINTS = frozenset({
    "home.index", "schedule.schedule", "schedule.action", "institutions.index", "institutions.institution",
    "community.settlement", "program.program", "feeds.schedule_ics", "feeds.institution_ics",
    "feeds.settlement_ics",
})
SCOPE = "hashvetu.page_cache.scope"


def mark_cacheable(app):
    for endpoint, view in app.view_functions.items():
        if endpoint in CACHEABLE_ENDPOINTS or endpoint.split(".", 1)[0] in CACHEABLE_BLUEPRINTS:
            view.is_cacheable = True


@dataclass
class Entry:
    """One kept answer, exactly as it was sent (headers after every after_request hook, body maybe gzipped)."""

    status: str
    headers: list
    body: bytes
    etag: str
    token: str  # the data version it was rendered under, of its scope
    day: date
    stored: float
    not_modified_headers: list | None = None
    scope: int = 1  # version.ALL or version.CONTENT


class PageCache:
    """A bounded LRU of kept answers, one per worker process (threads share it under a lock)."""

    def __init__(self, size: int, seconds: float, max_body: int):
        self.size, self.seconds, self.max_body = size, seconds, max_body
        self._items: OrderedDict[str, Entry] = OrderedDict()
        self._never: OrderedDict[str, None] = OrderedDict()
        self._rendering: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def render_lock(self, key) -> threading.Lock:
        """One lock per key, so the threads of a worker that miss together render the page once (not N times)."""
        with self._lock:
            lock = self._rendering.get(key)
            if lock is None:
                lock = self._rendering[key] = threading.Lock()
            return lock

    def done_rendering(self, key, lock):
        lock.release()
        with self._lock:
            if not lock.locked() and self._rendering.get(key) is lock:
                del self._rendering[key]

    def get(self, key, tokens=None, day=None):
        """The entry for key, if it is fresh and (when given) still of the current data version of its scope
        (tokens: {scope: token}) and of this day."""
        with self._lock:
            entry = self._items.get(key)
            if entry is None:
                return None
            if time.monotonic() - entry.stored > self.seconds:
                del self._items[key]
                return None
            if tokens is not None and (entry.token != tokens.get(entry.scope) or entry.day != day):
                return None
            self._items.move_to_end(key)
            return entry

    def put(self, key, entry):
        if self.size <= 0 or len(entry.body) > self.max_body:
            return
        with self._lock:
            self._items[key] = entry
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def never(self, key):
        """Remember a URL whose view is not cacheable (bounded), so its requests skip the lookup."""
        with self._lock:
            self._never[key] = None
            while len(self._never) > 4 * max(self.size, 1):
                self._never.popitem(last=False)

    def is_never(self, key) -> bool:
        return key in self._never

    def clear(self):
        with self._lock:
            self._items.clear()
            self._never.clear()

    def __len__(self):
        return len(self._items)


def body_etag(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=12).hexdigest()


def request_key(environ, config) -> str | None:
    """The cache key of an anonymous GET or HEAD, from the raw WSGI environ; None when it may not be cached."""
    if environ.get("REQUEST_METHOD") not in _SAFE or "HTTP_AUTHORIZATION" in environ:
        return None
    query = environ.get("QUERY_STRING", "")
    if "lang" in query and "lang" in parse_qs_names(query):
        return None  # ?lang= also sets the language cookie: the view answers it
    lang = config["BABEL_DEFAULT_LOCALE"]
    if "HTTP_COOKIE" in environ:
        cookies = parse_cookie(environ)
        if config["SESSION_COOKIE_NAME"] in cookies:
            return None
        chosen = cookies.get(config["LANG_COOKIE"])
        if chosen in config["LANGUAGES"]:
            lang = chosen
    parts = [
        config["PERFORMANCE_BUILD_ID"],
        environ.get("wsgi.url_scheme", ""),
        environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME', '')}:{environ.get('SERVER_PORT', '')}",
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
        query,
        lang,
        "gzip" if "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "").lower() else "",
        environ.get("HTTP_ACCEPT", ""),
        *[environ.get(name, "") for name in _HX_ENVIRON],
    ]
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def parse_qs_names(query: str) -> set[str]:
    return {unquote_plus(pair.split("=", 1)[0]) for pair in query.split("&") if pair}


class CachedPages:
    """WSGI middleware: answer anonymous requests for pages this worker kept, before Flask runs (see the module)."""

    def __init__(self, app, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app
        # Static files never touch the database (they have their own long-lived caching, static_files.py).
        self.static_prefix = (app.static_url_path or "/static").rstrip("/") + "/"

    def __call__(self, environ, start_response):
        cache = self.app.extensions["page_cache"]
        if cache.size <= 0 or environ.get("PATH_INFO", "").startswith(self.static_prefix):
            return self.wsgi_app(environ, start_response)
        key = request_key(environ, self.app.config)
        if key is None or cache.is_never(key):
            return self.wsgi_app(environ, start_response)
        try:
            everything, content, tz = read_snapshot(self.app)
        except Exception:  # noqa: BLE001 - the cache is an optimisation: without the database, Flask answers
            return self.wsgi_app(environ, start_response)
        tokens = {ALL: everything, CONTENT: content}
        today = datetime.now(ZoneInfo(tz or self.app.config["BABEL_DEFAULT_TIMEZONE"])).date()
        entry = cache.get(key, tokens, today)
        if entry is not None:
            return _serve(entry, environ, start_response)
        lock = cache.render_lock(key)
        acquired = lock.acquire(timeout=RENDER_WAIT_SECONDS)
        try:
            if acquired:
                # Another thread of this worker may have rendered it while this one waited.
                entry = cache.get(key, tokens, today)
                if entry is not None:
                    return _serve(entry, environ, start_response)
            return self._render(cache, key, tokens, today, environ, start_response)
        finally:
            if acquired:
                cache.done_rendering(key, lock)

    def _render(self, cache, key, tokens, today, environ, start_response):
        environ[CONSIDERED] = True
        # Render the whole page even for a client that holds its ETag, so that it can be kept: answering that
        # client's 304 from Flask would leave nothing to keep, and every revalidation would render again.
        if_none_match = environ.pop("HTTP_IF_NONE_MATCH", None) if environ["REQUEST_METHOD"] == "GET" else None
        sent = {}

        def capture(status, headers, exc_info=None):
            sent["status"], sent["headers"], sent["exc_info"] = status, headers, exc_info
            return _no_write

        result = self.wsgi_app(environ, capture)
        if if_none_match is not None:
            environ["HTTP_IF_NONE_MATCH"] = if_none_match
        if environ.get(NEVER):
            cache.never(key)
        etag = environ.get(KEEP)
        if not etag or environ["REQUEST_METHOD"] != "GET" or not sent.get("status", "").startswith("200"):
            # Not for keeping; such an answer carries no ETag, so Flask had no If-None-Match to look at.
            start_response(sent["status"], sent["headers"], sent["exc_info"])
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        headers = [(name, value) for name, value in sent["headers"] if name.lower() not in _DROP]
        not_modified = list(headers)
        remove_entity_headers(not_modified)
        scope = environ.get(SCOPE, ALL)
        # The versions read before rendering: a write during the render leaves the entry already stale, never
        # a stale page under a new version.
        entry = Entry(sent["status"], headers, body, etag, tokens[scope], today, time.monotonic(), not_modified,
                      scope)
        cache.put(key, entry)
        return _serve(entry, environ, start_response)


def _no_write(_data):
    raise RuntimeError("the page cache does not support the WSGI write() callable")


def _serve(entry, environ, start_response):
    match = environ.get("HTTP_IF_NONE_MATCH")
    if match and parse_etags(match).contains_weak(entry.etag):
        start_response("304 NOT MODIFIED", list(entry.not_modified_headers))
        return []
    start_response(entry.status, list(entry.headers))
    return [] if environ["REQUEST_METHOD"] == "HEAD" else [entry.body]


def _eligible() -> bool:
    """An anonymous GET of a cacheable view, with nothing in the request that a cached answer could ignore."""
    if request.method not in _SAFE or request.endpoint is None:
        return False
    view = current_app.view_functions.get(request.endpoint)
    if not getattr(view, "is_cacheable", False):
        return False
    if current_app.config["SESSION_COOKIE_NAME"] in request.cookies or "Authorization" in request.headers:
        return False
    # ?lang= also sets the language cookie: let the view answer it normally.
    return "lang" not in request.args


def _cache_headers(response, etag):
    response.set_etag(etag, weak=True)
    # Anyone may keep it, but must ask again (a cheap 304) before using it; unless the view promised a lifetime
    # itself (the API and feeds say `public, max-age=300`, see app/http.py), which stands.
    if "max-age" not in response.headers.get("Cache-Control", ""):
        response.headers["Cache-Control"] = "no-cache"
    for name in _VARY:
        response.vary.add(name)


def _tag(response):
    """After the view: give an anonymous public answer its ETag, ask the middleware to keep it, answer 304 when the
    client has it."""
    if not _eligible():
        if request.environ.get(CONSIDERED) and not getattr(
                current_app.view_functions.get(request.endpoint), "is_cacheable", False):
            request.environ[NEVER] = True
        return response
    if response.status_code != 200 or response.direct_passthrough or response.is_streamed:
        return response
    if "Set-Cookie" in response.headers or session.modified or "no-store" in response.headers.get("Cache-Control", ""):
        return response
    etag = body_etag(response.get_data())
    _cache_headers(response, etag)
    request.environ[KEEP] = etag
    request.environ[SCOPE] = CONTENT if request.endpoint in CONTENT_ENDPOINTS else ALL
    return response.make_conditional(request)


def init_app(app):
    testing = app.config.get("TESTING")
    size = app.config.get("PAGE_CACHE_SIZE", 0 if testing else 256)
    app.extensions["page_cache"] = PageCache(size, app.config.get("PAGE_CACHE_SECONDS", 60),
                                             app.config.get("PAGE_CACHE_MAX_BODY", 512 * 1024))
    mark_cacheable(app)
    app.after_request(_tag)
    app.wsgi_app = CachedPages(app, app.wsgi_app)
