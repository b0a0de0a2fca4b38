"""Production settings for gunicorn (`gunicorn -c gunicorn.conf.py wsgi:app`); `make bench` serves with these.

Environment: BIND (default 127.0.0.1:5000), WEB_CONCURRENCY (workers, default two per core), GUNICORN_THREADS,
GUNICORN_TIMEOUT (seconds before a silent worker is replaced, default 30).
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:5000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
# Threads keep connections alive (behind nginx too) and let a worker wait on the database without idling.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
keepalive = 5
# A worker that hangs is replaced; one that has served many requests is recycled to bound memory growth.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 0))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "warning")
if os.environ.get("LOG_FORMAT") == "json":
    # One JSON object per line. %(U)s is the path without the query string (which may hold a token);
    # {x-request-id}o is the id the app answered with: nginx's, or one it made.
    access_log_format = ('{"ts": "%(t)s", "logger": "access", "remote": "%(h)s", "method": "%(m)s", '
                         '"path": "%(U)s", "status": %(s)s, "bytes": %(B)s, "ms": %(M)s, '
                         '"request_id": "%({x-request-id}o)s"}')
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "pythonjsonlogger.json.JsonFormatter",
                                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
                                "rename_fields": {"asctime": "ts", "levelname": "level", "name": "logger"}},
                       "access": {"format": "%(message)s"}},
        "handlers": {"error": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
                     "access": {"class": "logging.StreamHandler", "formatter": "access",
                                "stream": "ext://sys.stdout"}},
        # Replaces gunicorn's default handlers, so the root logger (the app's records) needs one too.
        "root": {"handlers": ["error"], "level": loglevel.upper()},
        "loggers": {"gunicorn.error": {"handlers": ["error"], "level": loglevel.upper(), "propagate": False},
                    "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False}},
    }
# Load the app before forking: workers share its memory, and a broken deploy fails before any worker starts.
preload_app = True


# Prometheus (app/health/metrics.py): with PROMETHEUS_MULTIPROC_DIR set, each worker writes its counts to files
# there, and a scrape adds up every worker's. The folder starts empty (counts of an earlier run would be added
# to this one's), and a worker that exits is marked dead (max_requests, a timeout) while its counts stay.
def on_starting(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        os.makedirs(folder, mode=0o750, exist_ok=True)
        for name in os.listdir(folder):
            if name.endswith(".db"):
                os.remove(os.path.join(folder, name))


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
