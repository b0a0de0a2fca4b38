"""Prometheus metrics through the official client (prometheus_client): /metrics, for the monitoring only.

- Requests and their latency, by endpoint (the Flask view, so the label set stays small), method and status,
  counted by a WSGI layer outside the page cache, so pages answered from the cache count too.
- The state the operator watches, read from the database at each scrape: the outbox's backlog and failures,
  overdue appeals, the worker's last heartbeat, whether the dashboard's figures wait for a rebuild.

Several gunicorn workers: with PROMETHEUS_MULTIPROC_DIR set (the unit in docs/deploy.md sets it), every worker
writes its counts to files there and a scrape, whichever worker answers it, adds them up (the client's multiprocess
mode; gunicorn.conf.py empties the folder at start and marks exited workers dead).

Who may scrape: with METRICS_TOKEN set, a request with `Authorization: Bearer <token>`; without it, only a client
on this machine (the address after wsgi_proxy's ProxyFix, so nginx's own address never counts as local).
"""

import hmac
import ipaddress
import os
import time

from flask import current_app, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

from app.health import checks
from app.worker.heartbeat import last_beat

# One set of metric objects per process (the client's way; several apps in one test process share them).
_REGISTRY = CollectorRegistry()
REQUESTS = Counter("hashvetu_http_requests", "HTTP requests answered, by endpoint, method and status.",
                   ["endpoint", "method", "status"], registry=_REGISTRY)
LATENCY = Histogram("hashvetu_http_request_duration_seconds",
                    "Time from the request to the answer's first byte, by endpoint and method.",
                    ["endpoint", "method"], registry=_REGISTRY,
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0))
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def multiprocess_folder() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


class MetricsMiddleware:
    """Count and time every answer, the page cache's included."""

    def __init__(self, app, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        seen = {}

        def start(status, headers, exc_info=None):
            seen["status"] = status.split(" ", 1)[0]
            return start_response(status, headers, exc_info)

        try:
            return self.wsgi_app(environ, start)
        except BaseException:
            seen.setdefault("status", "500")
            raise
        finally:
            method = environ.get("REQUEST_METHOD", "")
            method = method if method in _METHODS else "other"  # a made-up method must not grow the label set
            endpoint = self._endpoint(environ)
            REQUESTS.labels(endpoint, method, seen.get("status", "500")).inc()
            LATENCY.labels(endpoint, method).observe(time.perf_counter() - started)

    def _endpoint(self, environ) -> str:
        flask_request = environ.get("werkzeug.request")  # set when Flask handled the request
        rule = getattr(flask_request, "url_rule", None)
        if rule is not None:
            return rule.endpoint
        if flask_request is not None:
            return "none"  # Flask routed it nowhere: 404, 405
        try:  # answered before Flask ran (the page cache): the view it stands for
            endpoint, _ = self.app.url_map.bind_to_environ(environ).match(method=environ.get("REQUEST_METHOD"))
            return endpoint
        except Exception:  # noqa: BLE001
            return "none"


def scrape_allowed() -> bool:
    token = current_app.config.get("METRICS_TOKEN") or ""
    if token:
        given = request.headers.get("Authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


class _StateCollector:
    """What the database says at the time of the scrape (the same for every worker, so read, never counted)."""

    def collect(self):
        outbox = checks.outbox_counts()
        for key, help_text in (("waiting", "E-mails and SMS not sent yet."),
                               ("late", "Messages waiting longer than OUTBOX_LATE_MINUTES."),
                               ("retrying", "Messages waiting after at least one failed attempt."),
                               ("failed_last_day", "Messages given up during the last 24 hours.")):
            yield GaugeMetricFamily(f"hashvetu_outbox_{key}_messages", help_text, value=outbox[key])
        yield GaugeMetricFamily("hashvetu_appeals_overdue", "Open appeals past their due date.",
                                value=checks.overdue_appeals())
        beat = last_beat()
        yield GaugeMetricFamily("hashvetu_worker_last_heartbeat_timestamp_seconds",
                                "When a worker last said it was alive (Unix time; 0: never).",
                                value=beat.timestamp() if beat else 0)
        yield GaugeMetricFamily("hashvetu_dashboard_figures_stale",
                                "1 while the dashboard's figures wait for the worker's rebuild.",
                                value=int(checks.figures_stale()))


def exposition() -> tuple[bytes, str]:
    """The text format: this process's (or every worker's) request metrics, then the state."""
    folder = multiprocess_folder()
    if folder:
        from prometheus_client import multiprocess

        requests_registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(requests_registry, path=folder)
    else:
        requests_registry = _REGISTRY
    state = CollectorRegistry()
    state.register(_StateCollector())
    return generate_latest(requests_registry) + generate_latest(state), CONTENT_TYPE_LATEST


def init_app(app):
    app.wsgi_app = MetricsMiddleware(app, app.wsgi_app)
