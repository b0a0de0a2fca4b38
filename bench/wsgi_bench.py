"""The app as gunicorn serves it, with settings for load tests given as JSON in BENCH_APP_CONFIG (e.g. a higher
appeal limit so fifty clients on one address can submit, or no minimum fill time)."""

import json
import os

from app import create_app

app = create_app(json.loads(os.environ.get("BENCH_APP_CONFIG") or "{}"))
