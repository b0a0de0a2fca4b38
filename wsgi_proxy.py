"""Entry point behind nginx (what the systemd unit serves): `gunicorn -c gunicorn.conf.py wsgi_proxy:app`.

Rate limits, the audit log and the access log need the visitor's address, not nginx's: ProxyFix takes it from
X-Forwarded-For, trusting exactly PROXY_HOPS proxies (default 1, nginx on the same machine). Serve `wsgi:app` only
when gunicorn faces the visitors itself.
"""

from app import create_app
from app.proxy import behind_proxy, proxy_hops

app = behind_proxy(create_app(), proxy_hops())
