"""Absolute links, built from the configured public address (PUBLIC_URL) and never from a request's Host.

A link that leaves the site (an e-mail, a feed, an API answer, a poster, an embed snippet) must point where the
public reaches it: with `url_for(..., _external=True)` a forged Host header would put an attacker's address into a
password-reset e-mail. Use `external_url` (also a template global) for every such link.
"""

from urllib.parse import quote, urlsplit

from flask import current_app, request
from flask_babel import gettext as _
from werkzeug.exceptions import SecurityError


def init_app(app):
    app.jinja_env.globals["external_url"] = external_url
    # Flask refuses a Host outside TRUSTED_HOSTS (config.py) when it routes the request, which comes after the
    # before_request hooks; refuse it first, so no hook and no error page builds a URL without an adapter.
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_untrusted_host)
    app.register_error_handler(SecurityError, _untrusted_host_answer)


def _refuse_untrusted_host():
    if isinstance(request.routing_exception, SecurityError):
        raise request.routing_exception


def _untrusted_host_answer(_error):
    """A short plain answer: the error page would link to the host the request named."""
    text = f"{_('Bad request')}\n\n{_('The request could not be understood. Please check the address or the form and try again.')}\n"
    return text, 400, {"Content-Type": "text/plain; charset=utf-8"}


def external_url(endpoint, **values):
    """Return the absolute URL of `endpoint` (a full "blueprint.view" name) under PUBLIC_URL."""
    anchor = values.pop("_anchor", None)
    current_app.inject_url_defaults(endpoint, values)
    url = _adapter(current_app).build(endpoint, values, force_external=True)
    if anchor is not None:
        url += "#" + quote(anchor, safe="%!#$&'()*+,/:;=?@")
    return url


def _adapter(app):
    """One URL adapter per app, bound to PUBLIC_URL's scheme, host and path."""
    adapter = app.extensions.get("public_url_adapter")
    if adapter is None:
        base = urlsplit(app.config["PUBLIC_URL"])
        adapter = app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
        app.extensions["public_url_adapter"] = adapter
    return adapter
