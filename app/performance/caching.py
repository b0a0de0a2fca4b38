"""Conditional GET and a small page cache for anonymous visitors of public pages and feeds.

The ETag is a hash of the exact body sent, so a 304 can only confirm bytes the client already holds: it can never
hide a changed page or hand one visitor's page to another. To answer without rendering, each worker keeps the pages
it rendered recently, keyed by everything an anonymous answer depends on: the data version (changed by every
write, see version.py), the URL, the language, the community's date, the htmx headers, the host and the Accept
header. An entry also expires after PAGE_CACHE_SECONDS, which bounds how long a page that shows the time of day
could lag behind.

Requests with a session cookie (staff, or a visitor who was shown a form or a flash message) and answers that set
a cookie or touch the session are never cached nor given an ETag here.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps

from flask import current_app, g, request, session

_SAFE = frozenset({"GET", "HEAD"})
RENDER_WAIT_SECONDS = 10
_VARY = ("Cookie", "HX-Request", "Accept-Encoding")
_HX_HEADERS = ("HX-Request", "HX-Boosted", "HX-History-Restore-Request", "HX-Target", "HX-Trigger")


# Public pages and feeds whose anonymous answers are the same for every visitor. Views of later features mark
# themselves with @cacheable, or are added here by endpoint name (a name not registered is skipped).
CACHEABLE_ENDPOINTS = (
    "home.index", "schedule.schedule", "schedule.action", "institutions.index", "institutions.institution",
    "community.settlement", "program.program",
    "dashboard.public", "dashboard.public_panel", "participation.proposals", "opendata.index",
    "opendata.dictionary", "posters.poster",
)
# Whole blueprints of public, read-only, anonymous answers.
CACHEABLE_BLUEPRINTS = ("api", "feeds", "embeds")


def mark_cacheable(app):
    for endpoint, view in app.view_functions.items():
        if endpoint in CACHEABLE_ENDPOINTS or endpoint.split(".", 1)[0] in CACHEABLE_BLUEPRINTS:
            view.is_cacheable = True


def cacheable(view):
    """Mark a public view whose anonymous answers may get an ETag, 304 answers and the page cache."""
    view.is_cacheable = True

    @wraps(view)
    def wrapped(*args, **kwargs):
        return view(*args, **kwargs)

    wrapped.is_cacheable = True
    return wrapped


@dataclass
class Entry:
    body: bytes
    etag: str
    mimetype: str
    headers: list
    stored: float
    gzipped: bytes | None = None


class PageCache:
    """A bounded LRU of rendered pages, one per worker process (threads share it under a lock)."""

    def __init__(self, size: int, seconds: float, max_body: int):
        self.size, self.seconds, self.max_body = size, seconds, max_body
        self._items: OrderedDict[str, Entry] = OrderedDict()
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

    def get(self, key):
        with self._lock:
            entry = self._items.get(key)
            if entry is None:
                return None
            if time.monotonic() - entry.stored > self.seconds:
                del self._items[key]
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

    def clear(self):
        with self._lock:
            self._items.clear()

    def __len__(self):
        return len(self._items)


def body_etag(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=12).hexdigest()


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


def _key() -> str:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from app.i18n import current_language
    from app.performance.version import snapshot

    token, tz = snapshot()
    today = datetime.now(ZoneInfo(tz or current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()
    parts = [
        current_app.config["PERFORMANCE_BUILD_ID"],
        token,
        request.method == "HEAD" and "GET" or request.method,
        request.host_url,
        request.full_path,
        current_language(),
        today.isoformat(),
        request.headers.get("Accept", ""),
        *[request.headers.get(h, "") for h in _HX_HEADERS],
    ]
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


def _cache_headers(response, etag):
    response.set_etag(etag, weak=True)
    # Anyone may keep it, but must ask again (a cheap 304) before using it.
    response.headers["Cache-Control"] = "no-cache"
    for name in _VARY:
        response.vary.add(name)


def _from_cache():
    """Before the view: answer 304 or the cached page when this worker rendered the same page recently."""
    g.page_cache_key = None
    if not _eligible():
        return None
    cache = current_app.extensions["page_cache"]
    g.page_cache_key = key = _key()
    entry = cache.get(key)
    if entry is None and cache.size > 0:
        lock = cache.render_lock(key)
        # Wait (bounded) while another thread of this worker renders the same page, then use its result.
        if lock.acquire(timeout=RENDER_WAIT_SECONDS):
            g.page_cache_lock = (key, lock)
            entry = cache.get(key)
    if entry is None:
        return None
    response = current_app.response_class(entry.body, mimetype=entry.mimetype)
    for name, value in entry.headers:
        response.headers[name] = value
    _cache_headers(response, entry.etag)
    g.page_cache_entry = entry
    return response.make_conditional(request)


def _release(_error=None):
    held = g.pop("page_cache_lock", None)
    if held is not None:
        current_app.extensions["page_cache"].done_rendering(*held)


def _to_cache(response):
    """After the view: give an anonymous public answer its ETag, keep it, and answer 304 when the client has it."""
    if getattr(g, "page_cache_entry", None) is not None:
        return response  # answered from the cache before the view
    key = getattr(g, "page_cache_key", None)
    if key is None or response.status_code != 200 or response.direct_passthrough or response.is_streamed:
        return response
    if "Set-Cookie" in response.headers or session.modified or "no-store" in response.headers.get("Cache-Control", ""):
        return response
    body = response.get_data()
    etag = body_etag(body)
    keep = [(name, response.headers[name]) for name in ("Content-Disposition", "Access-Control-Allow-Origin")
            if name in response.headers]
    entry = Entry(body, etag, response.mimetype, keep, time.monotonic())
    current_app.extensions["page_cache"].put(key, entry)
    g.page_cache_entry = entry  # compression keeps its gzipped bytes with it
    _cache_headers(response, etag)
    return response.make_conditional(request)


def init_app(app):
    testing = app.config.get("TESTING")
    size = app.config.get("PAGE_CACHE_SIZE", 0 if testing else 256)
    app.extensions["page_cache"] = PageCache(size, app.config.get("PAGE_CACHE_SECONDS", 60),
                                             app.config.get("PAGE_CACHE_MAX_BODY", 512 * 1024))
    mark_cacheable(app)
    app.before_request(_from_cache)
    app.after_request(_to_cache)
    app.teardown_request(_release)
