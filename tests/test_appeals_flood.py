"""A spam flood against several gunicorn workers is cut at the configured per-IP limit, summed across the workers
(the counters live in Redis), while a resident at another address still gets through."""

import os
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from app import create_app
from app.extensions import db
from tests.conftest import database_url, prepare_database
from tests.fixtures.servers import HttpBrowser, add_appeal_world, appeal_form

# Slow (a multi-worker gunicorn): `make test` runs it once, in the PostgreSQL pass.
pytestmark = pytest.mark.once

REDIS_URL = "redis://127.0.0.1:6379/11"  # keys under a prefix of this run: other runs may share the server
WORKERS = 2
LIMIT = 6  # per hour, per IP: a window no flood outlasts, however busy the machine
FLOOD = 40
FLOODER, RESIDENT = "127.0.0.2", "127.0.0.3"


def _redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is required in CI at 127.0.0.1:6379 (.ci/run starts it)")
        pytest.skip("no Redis at 127.0.0.1:6379 (apt-get install redis-server)")
    return client


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_listening(port, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see gunicorn.err in the test's folder")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError("gunicorn did not start")


def _wait_until_every_worker_answers(port, log, seconds=60):
    """Concurrent requests until the access log shows every worker (bounded): a worker still starting would leave
    the whole flood to the other one, and the test would show nothing about limits shared across workers."""
    import http.client

    def ping(_n):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(RESIDENT, 0))
        try:
            connection.request("GET", "/static/css/app.css")
            connection.getresponse().read()
        finally:
            connection.close()

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(ping, range(16)))
        pids = {line.split()[0] for line in log.read_text().splitlines() if line.strip()}
        if len(pids) >= WORKERS:
            return
    raise TimeoutError(f"not every gunicorn worker answered within {seconds} s")


@pytest.fixture
def gunicorn(tmp_path):
    """gunicorn with several workers on a free port, its own database, rate limits in Redis; yields (port, log)."""
    redis_client = _redis()
    prefix = f"flood-{uuid.uuid4().hex}"
    config = prepare_database(database_url(), tmp_path, "hashvetu_flood")
    config.update(SECRET_KEY="flood-test-secret", RATELIMIT_STORAGE_URI=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix,
                  APPEAL_LIMITS_PER_IP=f"{LIMIT} per hour", APPEAL_MIN_FILL_SECONDS=0,
                  UPLOAD_FOLDER=str(tmp_path / "uploads"))
    application = create_app(config)
    from flask_migrate import upgrade

    with application.app_context():
        upgrade()
    settlement_id = add_appeal_world(application)
    with application.app_context():
        db.engine.dispose()

    port = _free_port()
    log = tmp_path / "access.log"
    errors = open(tmp_path / "gunicorn.err", "wb")  # noqa: SIM115 - closed in the finally below
    process = subprocess.Popen(
        # --preload: the workers are forked ready, so none is still importing the app while the flood runs.
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--preload",
         "--access-logfile", str(log), "--access-logformat", "%(p)s %(m)s %(U)s %(s)s", "--log-level", "warning",
         f"app:create_app({config!r})"],
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
        stdout=subprocess.DEVNULL, stderr=errors)
    try:
        _wait_until_listening(port, process)
        _wait_until_every_worker_answers(port, log)
        yield port, log, settlement_id
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        errors.close()
        for key in redis_client.scan_iter(f"*{prefix}*"):
            redis_client.delete(key)
        redis_client.close()


def test_a_flood_from_one_ip_is_cut_at_the_limit_summed_across_workers(gunicorn):
    port, log, settlement_id = gunicorn

    def flooder(batch):
        browser = HttpBrowser(port, source=FLOODER, timeout=30)
        try:
            # Each submission comes from a freshly opened form: a form's fill-time stamp is good for one submission.
            return [browser.request("POST", "/appeals/new",
                                    appeal_form(browser.hidden_fields("/appeals/new"), settlement_id, n))[0]
                    for n in batch]
        finally:
            browser.close()

    with ThreadPoolExecutor(8) as pool:
        statuses = [s for result in pool.map(flooder, [range(t, FLOOD, 8) for t in range(8)]) for s in result]

    # Exactly the limit got through, although the requests were spread over several worker processes.
    assert statuses.count(302) == LIMIT
    assert statuses.count(429) == FLOOD - LIMIT
    posts = [line.split() for line in log.read_text().splitlines() if " POST /appeals/new " in line]
    assert len({pid for pid, *_rest in posts}) == WORKERS, "the flood was served by every worker"

    # The flooder's limit is not anyone else's: a resident at another address submits at once.
    resident = HttpBrowser(port, source=RESIDENT)
    try:
        hidden = resident.hidden_fields("/appeals/new")
        status, _html = resident.request("POST", "/appeals/new", appeal_form(hidden, settlement_id, 999))
    finally:
        resident.close()
    assert status == 302
    # ...while the flooder is still refused.
    late = HttpBrowser(port, source=FLOODER)
    try:
        hidden = late.hidden_fields("/appeals/new")
        assert late.request("POST", "/appeals/new", appeal_form(hidden, settlement_id, 1000))[0] == 429
    finally:
        late.close()
