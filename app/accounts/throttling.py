"""Throttling of the login and reset forms (storage: RATELIMIT_STORAGE_URI; Redis in production, so the limits hold
across gunicorn workers). Only POSTs count; showing the forms is free. The login form's limits never live in one
process's memory: with no shared store configured they are counted in the database."""

import functools
import hmac
import math
import secrets
import time
from datetime import timedelta

from flask import current_app, request
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer
from limits import parse_many
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import TooManyRequests

from app.accounts.models import LoginThrottle
from app.extensions import db, limiter
from app.limits import setting
from app.models_base import utcnow


def _keyed_hash(value: str) -> str:
    """A keyed hash of an e-mail address for a counter's key, so the counters' store (Redis or the database) holds
    no address, and nobody without the secret key can test an address against it."""
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), b"login-limit:" + value.encode(), "sha256")
    return digest.hexdigest()[:32]


def hashed_limit_key(kind: str, value: str) -> str:
    """A rate-limit key for personal data or a secret (a phone number, an API key): its keyed hash, never the value."""
    return f"{kind}:" + _keyed_hash(f"{kind}:{value}")


def submitted_email() -> str:
    """The per-account key: a keyed hash of the address typed into the form, trimmed and lower-cased (known or
    not)."""
    return "email:" + _keyed_hash((request.form.get("email") or "").strip().lower())


def _refused(response) -> bool:
    """A login attempt that failed (wrong credentials or an invalid form); successful logins are not counted."""
    return response.status_code == 422


class LoginLimitReached(TooManyRequests):
    """Too many login attempts from one address (LOGIN_LIMITS_PER_IP); retry_seconds until the next may be tried.

    A 429 like Flask-Limiter's, so the one 429 handler (app/limits.py) answers it with the login form."""

    def __init__(self, retry_seconds: int):
        super().__init__(retry_after=retry_seconds)
        self.retry_seconds = retry_seconds


def throttle_login(view):
    """Per IP every attempt counts, on the login counters every worker shares (not Flask-Limiter's storage, which is
    one process's memory when no Redis is configured); failures are judged by login_keys() in the view."""

    @functools.wraps(view)
    def throttled(*args, **kwargs):
        if request.method == "POST":
            wait = _count_attempt_from_address()
            if wait:
                raise LoginLimitReached(wait)
        return view(*args, **kwargs)

    return throttled


def _count_attempt_from_address() -> int:
    """Count this POST against each of LOGIN_LIMITS_PER_IP (fixed windows); return the seconds to wait (0: go on)."""
    counters = _counters()
    address = request.remote_addr or ""
    wait = 0.0
    for item in parse_many(current_app.config["LOGIN_LIMITS_PER_IP"]):
        key = f"login:ip:{address}:{item.amount}/{item.get_expiry()}"
        if counters.incr(key, item.get_expiry()) > item.amount:
            wait = max(wait, counters.get_expiry(key) - time.time(), 1)
    return math.ceil(wait)


def throttle_reset_request(view):
    """Per IP, and per address so nobody can flood someone's mailbox with reset links."""
    view = limiter.limit(setting("RESET_LIMIT_PER_ADDRESS"), key_func=submitted_email, methods=["POST"])(view)
    return limiter.limit(setting("RESET_LIMITS_PER_IP"), methods=["POST"])(view)


def _current_user_key() -> str:
    return f"user:{current_user.get_id()}"


def throttle_password_change(view):
    """Someone at an unattended computer must not be able to guess the current password at leisure."""
    return limiter.limit(setting("LOGIN_LIMIT_PER_ACCOUNT"), key_func=_current_user_key, methods=["POST"],
                         deduct_when=_refused)(view)


# --- Failed logins: growing delays per account and address, never a lockout of a known device -------------------
#
# Counters live where every worker sees them: in Redis when RATELIMIT_STORAGE_URI names it, in the database
# otherwise (never in one process's memory). A failure adds to the counters of the attempt's keys; past a key's free
# failures, the key is blocked for a delay that doubles with each further failure. A successful login clears its
# keys and leaves a signed "known device" cookie; from then on, that browser is only slowed by its own failures, so a
# stranger who hammers the account from elsewhere cannot keep its owner out.

DEVICE_COOKIE = "staff_device"


class DatabaseCounters:
    """Counters with an expiry in the login_throttle table (the limits storage API's incr/get/get_expiry/clear)."""

    def incr(self, key, expiry):
        for attempt in (1, 2):
            now = utcnow()
            row = db.session.get(LoginThrottle, key, with_for_update=True)
            if row is None or row.expires_dt <= now:
                # Starting a count: drop every expired one too, so the table holds only live counters.
                db.session.execute(delete(LoginThrottle).where(LoginThrottle.expires_dt <= now,
                                                               LoginThrottle.key != key))
                row = row or LoginThrottle(key=key)
                row.count, row.expires_dt = 0, now + timedelta(seconds=expiry)
                db.session.add(row)
            row.count += 1
            count = row.count
            try:
                db.session.commit()
            except IntegrityError:  # another worker created the row first: count on it
                db.session.rollback()
                if attempt == 2:
                    raise
                continue
            return count

    def get(self, key):
        row = self._live(key)
        return row.count if row else 0

    def get_expiry(self, key):
        row = self._live(key)
        return row.expires_dt.timestamp() if row else time.time()

    def clear(self, key):
        db.session.execute(delete(LoginThrottle).where(LoginThrottle.key == key))
        db.session.commit()

    def _live(self, key):
        row = db.session.get(LoginThrottle, key)
        return row if row is not None and row.expires_dt > utcnow() else None


def _counters():
    if current_app.config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        return DatabaseCounters()
    storage = limiter.storage  # Redis (or another shared store): the same one Flask-Limiter uses
    try:
        reachable = storage.check()
    except Exception:  # noqa: BLE001 - any failure of the store means it cannot be used now
        reachable = False
    if reachable:
        return storage
    # With the shared store down, the database still holds counters every worker shares: degrade, don't fail.
    current_app.logger.warning("The rate-limit store does not answer: login counters kept in the database")
    return DatabaseCounters()


def _device_serializer():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="known-staff-device")


def known_device_id(user) -> str | None:
    """This browser's device id, if it carries a device cookie from an earlier login to `user`'s account."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if user is None or not raw:
        return None
    try:
        data = _device_serializer().loads(raw)
    except BadSignature:
        return None
    return data.get("d") if isinstance(data, dict) and data.get("u") == user.id else None


def remember_device(response, user):
    """After a successful login, mark this browser as one the account's owner uses (or keep its mark)."""
    device = known_device_id(user) or secrets.token_urlsafe(16)
    response.set_cookie(DEVICE_COOKIE, _device_serializer().dumps({"u": user.id, "d": device}),
                        max_age=current_app.config["KNOWN_DEVICE_DAYS"] * 86400, httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"], path="/staff/")
    return response


def login_keys(email, user) -> list[tuple[str, int]]:
    """The counters a login attempt is judged by, each with its number of free failures."""
    config = current_app.config
    account = _keyed_hash((email or "").strip().lower())
    device = known_device_id(user)
    if device is not None:
        return [(f"login:device:{device}", config["LOGIN_FREE_FAILURES"])]
    address = request.remote_addr or ""
    return [(f"login:pair:{account}|{address}", config["LOGIN_FREE_FAILURES"]),
            (f"login:account:{account}", config["LOGIN_ACCOUNT_FREE_FAILURES"])]


def login_wait_seconds(keys) -> int:
    """Seconds before the next attempt with these keys may be tried (0: now)."""
    counters = _counters()
    waits = [counters.get_expiry(f"{key}:blocked") - time.time() for key, _free in keys
             if counters.get(f"{key}:blocked")]
    return max(0, math.ceil(max(waits, default=0)))


def record_login_failure(keys) -> None:
    config = current_app.config
    counters = _counters()
    for key, free in keys:
        failures = counters.incr(f"{key}:failures", config["LOGIN_FAILURES_FORGOTTEN_HOURS"] * 3600)
        if failures >= free:
            delay = min(config["LOGIN_DELAY_SECONDS"] * 2 ** (failures - free), config["LOGIN_DELAY_MAX_SECONDS"])
            counters.clear(f"{key}:blocked")
            counters.incr(f"{key}:blocked", delay)


def record_login_success(keys) -> None:
    """A successful login forgets this browser's and this address's failures (not the whole account's)."""
    counters = _counters()
    for key, _free in keys:
        if not key.startswith("login:account:"):
            counters.clear(f"{key}:failures")
            counters.clear(f"{key}:blocked")
