"""A signed stamp of when a public form was shown, so a form sent faster than a person can fill it is refused.

The stamp rides in a hidden field; the signature (with SECRET_KEY and a salt per form) makes it unforgeable, and
nothing is kept on the server, so the page that shows the form needs no session for it.
"""

import time

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer


class FillTimer:
    def __init__(self, salt: str, setting: str, default_seconds: float):
        self.salt, self.setting, self.default_seconds = salt, setting, default_seconds

    def _serializer(self):
        return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=self.salt)

    def sign(self, moment: float) -> str:
        """The hidden field's value for a form shown at `moment` (seconds since the epoch)."""
        return self._serializer().dumps(moment)

    def stamp(self) -> str:
        return self.sign(time.time())

    def too_fast(self, value) -> bool:
        """True when the stamp is missing, forged, or younger than the configured minimum."""
        try:
            started = float(self._serializer().loads(value or ""))
        except (BadSignature, TypeError, ValueError):
            return True
        return time.time() - started < current_app.config.get(self.setting, self.default_seconds)
