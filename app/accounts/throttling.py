"""Throttling of the login and reset forms with Flask-Limiter (storage: RATELIMIT_STORAGE_URI; Redis in
production, so the limits hold across gunicorn workers). Only POSTs count; showing the forms is free."""

import hmac
import math
import time

from flask import current_app, request
from flask_login import current_user

from app.extensions import limiter


def _setting(key):
    return lambda: current_app.config[key]


def submitted_email() -> str:
    """The per-account key: a keyed hash of the address typed into the form, trimmed and lower-cased (known or
    not), so the limiter's storage (Redis) holds no e-mail address."""
    address = (request.form.get("email") or "").strip().lower()
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), b"login-limit:" + address.encode(), "sha256")
    return "email:" + digest.hexdigest()[:32]


def _refused(response) -> bool:
    """A login attempt that failed (wrong credentials or an invalid form); successful logins are not counted."""
    return response.status_code == 422


def throttle_login(view):
    """Per IP every attempt counts; per account only failed ones, so its owner is not locked out by success."""
    view = limiter.limit(_setting("LOGIN_LIMIT_PER_ACCOUNT"), key_func=submitted_email, methods=["POST"],
                         deduct_when=_refused)(view)
    return limiter.limit(_setting("LOGIN_LIMITS_PER_IP"), methods=["POST"])(view)


def throttle_reset_request(view):
    """Per IP, and per address so nobody can flood someone's mailbox with reset links."""
    view = limiter.limit(_setting("RESET_LIMIT_PER_ADDRESS"), key_func=submitted_email, methods=["POST"])(view)
    return limiter.limit(_setting("RESET_LIMITS_PER_IP"), methods=["POST"])(view)


def _current_user_key() -> str:
    return f"user:{current_user.get_id()}"


def throttle_password_change(view):
    """Someone at an unattended computer must not be able to guess the current password at leisure."""
    return limiter.limit(_setting("LOGIN_LIMIT_PER_ACCOUNT"), key_func=_current_user_key, methods=["POST"],
                         deduct_when=_refused)(view)


def minutes_until_retry() -> int:
    """Whole minutes until the limit that was just hit lets the next attempt through (at least 1)."""
    limit = limiter.current_limit
    if limit is None:
        return 1
    return max(1, math.ceil((limit.reset_at - time.time()) / 60))
