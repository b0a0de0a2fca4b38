"""Production settings for gunicorn (`gunicorn -c gunicorn.conf.py wsgi:app`); `make bench` serves with these.

Environment: BIND (default 127.0.0.1:5000), WEB_CONCURRENCY (workers, default two per core), GUNICORN_THREADS.
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
timeout = 30
graceful_timeout = 20
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 0))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "warning")
# Load the app before forking: workers share its memory, and a broken deploy fails before any worker starts.
preload_app = True
