"""E-mailed links that carry a secret are exchanged on arrival, so no logged URL holds a secret that still works.

Access logs, proxies and browser history keep every URL. So a link's token (password reset, account setup, resident
sign-in, support confirmation) is good for one GET only: the view checks it, spends it, keeps a fresh secret in the
signed session cookie (which no log records) and redirects to a URL without any secret. The form is shown only
there, and its POST reads the secret from the session. Someone who later reads the log finds a spent token.

A mail scanner that opens the link first spends it too: the person then asks for a new link, which says so.
"""

import hashlib

from flask import session

from app.extensions import limiter

_KEY = "link:{}"


def keep(purpose: str, secret: str) -> None:
    """Remember the exchanged secret for the clean URL's form."""
    session[_KEY.format(purpose)] = secret


def kept(purpose: str) -> str | None:
    """The secret this browser exchanged a link for, or None."""
    value = session.get(_KEY.format(purpose))
    return value if isinstance(value, str) else None


def forget(purpose: str) -> None:
    session.pop(_KEY.format(purpose), None)


def first_use(purpose: str, token: str, seconds: int) -> bool:
    """True the first time a stateless (signed) token is presented; afterwards False until it would have expired.

    The mark lives in the rate limiter's storage (Redis in production), which every worker shares.
    """
    digest = hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
    return limiter.storage.incr(f"spent-link/{purpose}/{digest}", int(seconds) + 60) == 1
