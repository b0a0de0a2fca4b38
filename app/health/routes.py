"""/healthz: the process answers (liveness; touches nothing). /readyz: what it needs, as JSON; 503 when it cannot
serve (database unreachable, no room for uploads); Redis, the outbox and the worker are reported, and only
"degraded", because the site still works without them. /metrics: Prometheus, for the monitoring only."""

from flask import Response, abort, jsonify

from app.health import bp, checks, metrics


@bp.get("/healthz")
def healthz():
    return _no_store(jsonify(status="ok"))


@bp.get("/readyz")
def readyz():
    database_ok, database = checks.database()
    report = {"database": {"ok": database_ok, "detail": database}}
    if database_ok:
        outbox_ok, outbox = checks.outbox()
        report["outbox"] = {"ok": outbox_ok, **outbox}
        worker_ok, worker = checks.worker()
        report["worker"] = {"ok": worker_ok, **worker}
    limits_ok, limits = checks.shared_limits()
    report["redis"] = {"ok": limits_ok, "detail": limits}
    space_ok, space = checks.upload_space()
    report["uploads"] = {"ok": space_ok, **space}
    ready = database_ok and space_ok
    degraded = not all(part["ok"] for part in report.values())
    status = "ready" if ready and not degraded else ("degraded" if ready else "unavailable")
    return _no_store(jsonify(status=status, checks=report)), 200 if ready else 503


@bp.get("/metrics")
def prometheus_metrics():
    if not metrics.scrape_allowed():
        abort(404)  # not advertised to the public
    body, content_type = metrics.exposition()
    return _no_store(Response(body, content_type=content_type))


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response
