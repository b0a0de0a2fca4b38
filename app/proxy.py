"""Behind a reverse proxy: take the client's address and scheme from exactly the proxies this instance trusts."""

import os

from werkzeug.middleware.proxy_fix import ProxyFix


def proxy_hops(environ=os.environ) -> int:
    """PROXY_HOPS: how many proxies in front of gunicorn append to X-Forwarded-For (nginx alone: 1)."""
    raw = environ.get("PROXY_HOPS", "1").strip()
    if not raw.isdigit() or not 1 <= int(raw) <= 5:
        raise RuntimeError(f"PROXY_HOPS must be a whole number from 1 to 5 (the proxies in front), not {raw!r}")
    return int(raw)


def behind_proxy(app, hops: int):
    """Trust the last `hops` entries of X-Forwarded-For and X-Forwarded-Proto, nothing the client wrote before them.

    Only the address and the scheme: the host is nginx's own Host header, never X-Forwarded-Host, so a client cannot
    choose the host links are built from.
    """
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0, x_port=0, x_prefix=0)
    app.config["PROXY_HOPS"] = hops
    return app
