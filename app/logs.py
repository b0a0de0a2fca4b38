"""One-line JSON logs carrying the request's id, the same id nginx logs and passes on as X-Request-ID.

LOG_FORMAT=json (production; docs/deploy.md sets it) writes every record as one JSON object on one line, a traceback
included, so a log shipper never splits an entry. The id comes from nginx's X-Request-ID when it is well-formed,
else it is made here; every answer carries it back in X-Request-ID.
"""

import logging
import re
import sys
import uuid

from flask import has_request_context, request

REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
ENVIRON_KEY = "hashvetu.request_id"


class RequestIdMiddleware:
    """Outermost WSGI layer: also the answers the page cache gives before Flask routes carry the id."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        given = environ.get("HTTP_X_REQUEST_ID", "")
        request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        environ[ENVIRON_KEY] = environ["HTTP_X_REQUEST_ID"] = request_id

        def start(status, headers, exc_info=None):
            headers = [(k, v) for k, v in headers if k.lower() != "x-request-id"] + [("X-Request-ID", request_id)]
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start)


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = request.environ.get(ENVIRON_KEY) if has_request_context() else None
        return True


def json_formatter():
    from pythonjsonlogger.json import JsonFormatter

    return JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                         rename_fields={"asctime": "ts", "levelname": "level", "name": "logger"},
                         timestamp=False)


def init_app(app):
    app.wsgi_app = RequestIdMiddleware(app.wsgi_app)
    if app.config.get("LOG_FORMAT") != "json":
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(json_formatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.handlers = [h for h in root.handlers if not getattr(h, "hashvetu_json", False)]
    handler.hashvetu_json = True
    root.addHandler(handler)
    root.setLevel(str(app.config.get("LOG_LEVEL", "INFO")).upper())
    # Flask's own handler would print the same records a second time, as text.
    from flask.logging import default_handler

    app.logger.removeHandler(default_handler)
