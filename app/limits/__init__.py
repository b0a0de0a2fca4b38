"""Rate limits. Every limit is a setting (its default lives in app/config.py, the one place), read when a request
comes. Fair limits on what residents send: only accepted submissions count, and addresses the admin lists (a help
desk, a community centre where many people share one connection) get their own, higher limits. And the one handler
that answers a request over its limit (any 429): a screen whose form was throttled registers, for its endpoints or its
whole blueprint, the page that shows the form again with what was typed and when to try again (`throttled_page`);
every other throttled request gets the translated error page, or JSON under /api/.

A view calls `take` once it has accepted a submission, before storing it: refused forms never reach it. Each count
is one atomic increment in Flask-Limiter's storage (RATELIMIT_STORAGE_URI), so with Redis a limit holds exactly
across every worker and server, even when a flood arrives at once (Flask-Limiter's `deduct_when` tests first and
deducts later, which lets a burst through).
"""

import math
import re
import time

from flask import current_app, g, make_response, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from limits import parse_many
from werkzeug.exceptions import TooManyRequests

from app import errors
from app.extensions import limiter
from app.i18n import number

# Translators: parts of a rate limit shown to the admin, e.g. "5 a minute · 20 an hour · 50 a day".
_PER = {"second": _l("%(num)s a second"), "minute": _l("%(num)s a minute"), "hour": _l("%(num)s an hour"),
        "day": _l("%(num)s a day"), "month": _l("%(num)s a month"), "year": _l("%(num)s a year")}


class TooManySubmissions(TooManyRequests):
    """The address has sent all the accepted submissions its limits allow for now."""

    def __init__(self, minutes: int):
        super().__init__()
        self.minutes = minutes


def take(config_key: str, default: str | None = None):
    """Count one accepted submission against the requesting address's limits, or raise TooManySubmissions."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    identifiers = ("accepted", request.endpoint or "", request.remote_addr or "")
    for item in parse_many(resident_limit(config_key, default)()):
        if not limiter.limiter.hit(item, *identifiers):
            reset = limiter.limiter.get_window_stats(item, *identifiers).reset_time
            raise TooManySubmissions(max(1, math.ceil((reset - time.time()) / 60)))


def resident_limit(config_key: str, default: str | None = None):
    """The limit named by `config_key`, scaled up for a listed address (a callable Flask-Limiter reads per request)."""

    def limit() -> str:
        value = current_app.config.get(config_key, default)
        factor = allowance_factor()
        return scale(value, factor) if factor > 1 else value

    return limit


def scale(limits: str, factor: int) -> str:
    """"5 per minute; 20/hour" times 10 -> "50 per minute; 200/hour"."""
    return re.sub(r"(\d+)(\s*(?:/|per\b))", lambda m: f"{int(m.group(1)) * factor}{m.group(2)}", limits)


def allowance_factor() -> int:
    """How many times the usual limits the requesting address gets (1 unless the admin listed it)."""
    if "limit_factor" not in g:
        from app.limits.queries import factor_for

        g.limit_factor = factor_for(request.remote_addr or "")
    return g.limit_factor


def describe(limits: str) -> str:
    """A limit string in the reader's language: "5 per minute; 20/hour" -> "5 a minute · 20 an hour"."""
    parts = []
    for amount, unit in re.findall(r"(\d+)\s*(?:/|per)\s*(second|minute|hour|day|month|year)s?", limits):
        parts.append(str(_PER[unit]) % {"num": number(int(amount))})
    return " · ".join(parts) or limits


# --- the one answer to a request over its limit -------------------------------------------------------------------

# endpoint or blueprint name -> function(minutes) returning the response of a throttled request there.
_PAGES = {}


def setting(key):
    """A limit read from the configuration at request time, so an instance (or a test) can change it."""
    return lambda: current_app.config[key]


def minutes_until_retry() -> int:
    """Whole minutes until the limit that was just hit lets the next attempt through (at least 1)."""
    limit = limiter.current_limit
    if limit is None:
        return 1
    return max(1, math.ceil((limit.reset_at - time.time()) / 60))


def too_many_attempts_message(minutes):
    return ngettext("Too many attempts. Please wait %(num)d minute and try again.",
                    "Too many attempts. Please wait %(num)d minutes and try again.", minutes)


def too_many_attempts_page(minutes):
    """The error page saying when to try again."""
    message = too_many_attempts_message(minutes)
    return render_template("errors/error.html", code=429, title=_("Too many requests"), message=message), 429


def throttled_page(*names):
    """Register the answer to a throttled request of these endpoints or blueprints (an endpoint wins)."""
    def register(page):
        for name in names:
            _PAGES[name] = page
        return page
    return register


def too_many_requests(error):
    """Every 429: Flask-Limiter's, fair limits' (TooManySubmissions knows its minutes), and those raised with a known
    wait in seconds (retry_after, e.g. the logins')."""
    page = _PAGES.get(request.endpoint) or _PAGES.get(request.blueprint)
    if page is None:
        return errors.render_http_error(error)
    seconds = error.retry_after if isinstance(error.retry_after, int) else None
    minutes = getattr(error, "minutes", None) or (math.ceil(seconds / 60) if seconds else minutes_until_retry())
    response = make_response(page(minutes))
    if seconds:
        response.headers["Retry-After"] = str(seconds)
    return response


def init_app(app):
    app.register_error_handler(TooManyRequests, too_many_requests)
