"""URLs in and out: absolute links from the configured PUBLIC_URL, and what a request's URL and fields may hold.

A link that leaves the site (an e-mail, a feed, an API answer, a poster, an embed snippet) must point where the
public reaches it: with `url_for(..., _external=True)` a forged Host header would put an attacker's address into a
password-reset e-mail. Use `external_url` (also a template global) for every such link.

Coming in, malformed input is a 400 or 404 before any view runs, never a database error: an `<id:...>` route
part is a number within the range of the id columns, and a NUL character (which PostgreSQL text cannot hold) in the
path, the query string or a form field is refused.
"""

from urllib.parse import quote, urlsplit

from flask import abort, current_app, request
from flask_babel import gettext as _
from sqlalchemy.engine import make_url
from werkzeug.exceptions import SecurityError
from werkzeug.routing import IntegerConverter

# Every id column is an Integer (tests/test_malformed_input.py checks): 32 bits on PostgreSQL, 64 on SQLite.
INT4_MAX = 2**31 - 1
INT8_MAX = 2**63 - 1


def init_app(app):
    app.jinja_env.globals["external_url"] = external_url
    # Flask refuses a Host outside TRUSTED_HOSTS (config.py) when it routes the request, which comes after the
    # before_request hooks; refuse it first, so no hook and no error page builds a URL without an adapter.
    app.before_request_funcs.setdefault(None, [])[:0] = [_refuse_untrusted_host, _refuse_nul_characters]
    app.register_error_handler(SecurityError, _untrusted_host_answer)
    app.url_map.converters["id"] = id_converter(max_id(app.config["SQLALCHEMY_DATABASE_URI"]))


def max_id(database_uri):
    """The largest value an id column holds in this database."""
    return INT8_MAX if make_url(database_uri).get_backend_name() == "sqlite" else INT4_MAX


def id_converter(largest):
    """A URL converter for row ids: 1 to `largest`, written without leading zeros; anything else is a 404."""
    # The range is in the pattern, not only in to_python: a value refused there would make a route that has
    # another rule for another method answer 405 instead of 404.
    pattern = number_pattern(largest)

    class IdConverter(IntegerConverter):
        regex = pattern

        def __init__(self, url_map):
            super().__init__(url_map, min=1, max=largest)

    return IdConverter


def number_pattern(largest):
    """A regular expression matching the decimal numbers 1 to `largest`."""
    digits = str(largest)
    width = len(digits)
    choices = [rf"[1-9]\d{{0,{width - 2}}}"] if width > 1 else []  # fewer digits
    for i, digit in enumerate(map(int, digits)):
        lowest = 1 if i == 0 else 0
        if digit > lowest:  # same digits up to i, a smaller one at i, anything after
            rest = width - i - 1
            choices.append(digits[:i] + f"[{lowest}-{digit - 1}]" + (rf"\d{{{rest}}}" if rest else ""))
    choices.append(digits)
    return "(?:" + "|".join(choices) + ")"


def _has_nul(text):
    return text is not None and "\x00" in text


def _refuse_nul_characters():
    """400 for a NUL character anywhere the views read text from: path, query string, form fields, file names."""
    fields = [request.path, *(item for pair in request.args.items(multi=True) for item in pair)]
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        fields += [item for pair in request.form.items(multi=True) for item in pair]
        fields += [upload.filename for _name, upload in request.files.items(multi=True)]
    if any(_has_nul(field) for field in fields):
        abort(400)


def _refuse_untrusted_host():
    if isinstance(request.routing_exception, SecurityError):
        raise request.routing_exception


def _untrusted_host_answer(_error):
    """A short plain answer: the error page would link to the host the request named."""
    reason = _("The request could not be understood. Please check the address or the form and try again.")
    text = f"{_('Bad request')}\n\n{reason}\n"
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
