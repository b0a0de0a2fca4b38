"""A signed stamp of when a public form was shown, so a form sent faster than a person can fill it is refused.

The stamp rides in a hidden field; the signature (with SECRET_KEY and a salt per form) makes it unforgeable, and
the page that shows the form needs no session for it. A stamp expires (FORM_STAMP_MAX_SECONDS, a day by default)
and is good for one submission: its random nonce is remembered, until it would have expired anyway, in the rate
limiter's storage (Redis in production), which every worker shares. So a bot cannot fetch one stamp and replay it
for a thousand posts; it has to load the form, and wait, each time.
"""

import secrets
import time

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from limits.storage import MemoryStorage

from app.extensions import limiter

# Why a stamp is refused.
MISSING, TOO_FAST, EXPIRED, REPLAYED = "missing", "too_fast", "expired", "replayed"
# What a person who kept a form open overnight, or pressed "back" and sent it again, is told.
STALE_FORM = _l("This form was open for a long time or has already been sent. Please check it and send it again.")


class FillTimer:
    def __init__(self, salt: str, setting: str, default_seconds: float):
        self.salt, self.setting, self.default_seconds = salt, setting, default_seconds

    def _serializer(self):
        return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=self.salt)

    def sign(self, moment: float) -> str:
        """The hidden field's value for a form shown at `moment` (seconds since the epoch), with a fresh nonce."""
        return self._serializer().dumps([moment, secrets.token_urlsafe(12)])

    def stamp(self) -> str:
        return self.sign(time.time())

    def check(self, value) -> str | None:
        """None for a stamp that may be used now (and uses it up), else why it is refused (one of the constants)."""
        try:
            started, nonce = self._serializer().loads(value or "")
            started, nonce = float(started), str(nonce)
        except (BadSignature, TypeError, ValueError):
            return MISSING
        age = time.time() - started
        if age < current_app.config.get(self.setting, self.default_seconds):
            return TOO_FAST  # not used up: the form comes back with a new stamp anyway
        max_seconds = int(current_app.config["FORM_STAMP_MAX_SECONDS"])
        if age > max_seconds:
            return EXPIRED
        if _count_use(f"form-stamp/{self.salt}/{nonce}", max_seconds + 60) > 1:
            return REPLAYED
        return None

    def too_fast(self, value) -> bool:
        """True when the stamp is missing, forged, younger than the configured minimum, expired or already used."""
        return self.check(value) is not None


_local_uses = MemoryStorage()


def _count_use(key, expiry) -> int:
    """Count a stamp's use in the shared storage; while it is unreachable, in this process (logged), so a form is
    never refused, nor the site down, because Redis is."""
    try:
        return limiter.storage.incr(key, expiry)
    except Exception as error:  # noqa: BLE001 - redis' errors and the storage's own both mean "not now"
        current_app.logger.warning("rate-limit storage unreachable (%s): form stamps counted per process",
                                   error.__class__.__name__)
        return _local_uses.incr(key, expiry)
